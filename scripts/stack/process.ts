import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { run } from './exec';
import type { LaunchCommand } from './types';

/** A pid file records the pid and the launched program, so a recycled pid is not mistaken for ours. */
interface PidRecord {
  readonly pid: number;
  readonly file: string;
}

/** The pid of our process from `pidFile` if it is still alive and still runs the same program. */
export function livePid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  let record: PidRecord;
  try {
    record = JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8');
    return cmdline.includes(path.basename(record.file)) ? record.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Starts `command` detached from this process, output appended to `logFile`; returns its pid. */
export async function launchDetached(command: LaunchCommand, logFile: string, pidFile: string): Promise<number> {
  mkdirSync(path.dirname(logFile), { recursive: true });
  mkdirSync(path.dirname(pidFile), { recursive: true });
  const ids = command.user ? await userIds(command.user) : undefined;
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(command.file, [...command.args], {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      detached: true,
      stdio: ['ignore', log, log],
      ...(ids ?? {}),
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid as number));
      child.once('error', reject);
    });
    child.unref();
    writeFileSync(pidFile, JSON.stringify({ pid, file: command.file } satisfies PidRecord));
    return pid;
  } finally {
    closeSync(log);
  }
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the process group led by `pid`, waits up to `graceSeconds`, then kills it. */
export async function stopProcess(
  pid: number,
  signal: NodeJS.Signals,
  graceSeconds: number,
): Promise<'stopped' | 'killed'> {
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signalGroup(signal);
  const deadline = Date.now() + graceSeconds * 1000;
  while (Date.now() < deadline) {
    if (!alive(pid)) return 'stopped';
    await sleep(200);
  }
  signalGroup('SIGKILL');
  while (alive(pid)) await sleep(100);
  return 'killed';
}

/** Removes a pid file once its process is gone. */
export function clearPid(pidFile: string): void {
  rmSync(pidFile, { force: true });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last `lines` lines of a file, or '' when it does not exist. */
export function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
}

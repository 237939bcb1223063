import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';

/** Thrown when an install or preparation command fails; carries its output for the report. */
export class CommandError extends Error {
  constructor(
    readonly commandLine: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`command failed (exit ${String(exitCode)}): ${commandLine}\n${output.slice(-4000)}`);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Stream output to the terminal as well as capturing it (long installs). */
  readonly echo?: boolean;
}

/** Runs a command to completion and returns its combined output; throws CommandError on failure. */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const collect = (chunk: Buffer): void => {
      chunks.push(chunk);
      if (options.echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new CommandError([file, ...args].join(' '), null, error.message)));
    child.on('close', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(output);
      else reject(new CommandError([file, ...args].join(' '), code, output));
    });
  });
}

/** True when `file` is found on PATH. */
export async function onPath(file: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${file}`]);
    return true;
  } catch {
    return false;
  }
}

/** Serialises apt runs: dpkg holds one lock, and servers install in parallel. */
let aptQueue: Promise<unknown> = Promise.resolve();
let aptUpdated = false;

/**
 * Installs the Debian packages that are missing. A temporary policy-rc.d keeps the packages'
 * own services from starting, so the system cluster or redis never takes our ports.
 */
export function aptInstall(packages: readonly string[]): Promise<void> {
  const next = aptQueue.then(() => aptInstallNow(packages));
  aptQueue = next.catch(() => undefined);
  return next;
}

async function aptInstallNow(packages: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const name of packages) {
    const status = await run('dpkg-query', ['-W', '-f=${Status}', name]).catch(() => '');
    if (!status.includes('install ok installed')) missing.push(name);
  }
  if (missing.length === 0) return;
  const [apt, ...prefix] = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', 'apt-get'];
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy) && process.getuid?.() === 0;
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    if (!aptUpdated) {
      await run(apt, [...prefix, 'update'], { env });
      aptUpdated = true;
    }
    await run(apt, [...prefix, 'install', '-y', '--no-install-recommends', ...missing], { env, echo: true });
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
}

import { mkdirSync } from 'node:fs';
import { alive, clearPid, launchDetached, livePid, portInUse, sleep, stopProcess, tail } from './process';
import type { ProbeResult, StackPaths, StackServer } from './types';

/** A server failed to come up; the message names it and its log file. */
export class StackError extends Error {
  override name = 'StackError';
}

export interface ServerStatus {
  readonly name: string;
  readonly state: 'up' | 'down' | 'not ready' | 'foreign';
  readonly pid?: number;
  readonly port: number;
  readonly version?: string;
  readonly dataDir: string;
  readonly logFile: string;
}

type Report = (server: StackServer, message: string) => void;

/** Installs, prepares and starts one server unless it already runs, then waits for its handshake. */
export async function upServer(server: StackServer, paths: StackPaths, report: Report): Promise<ProbeResult> {
  const started = Date.now();
  await server.install(paths);
  mkdirSync(paths.dataDir(server.name), { recursive: true });
  await server.prepare(paths);
  const running = livePid(paths.pidFile(server.name));
  if (running !== undefined) {
    const result = await waitReady(server, paths, running, server.readyTimeoutSeconds);
    const note = await verifyServer(server, paths);
    report(server, `already running (pid ${running}), ${result.version}${note}`);
    return result;
  }
  clearPid(paths.pidFile(server.name));
  for (const port of [server.port, ...(server.extraPorts ?? [])]) {
    if (await portInUse(port)) {
      throw new StackError(
        `${server.name}: port ${port} on 127.0.0.1 is taken by a process this stack did not start; ` +
          `stop it or set the port variable for ${server.name}`,
      );
    }
  }
  const pid = await launchDetached(server.command(paths), paths.logFile(server.name), paths.pidFile(server.name));
  const result = await waitReady(server, paths, pid, server.readyTimeoutSeconds);
  const note = await verifyServer(server, paths);
  report(server, `up (pid ${pid}) ${result.version} in ${((Date.now() - started) / 1000).toFixed(1)}s${note}`);
  return result;
}

/** Runs the server's post-ready check, if it has one; a failure names the server and its log. */
async function verifyServer(server: StackServer, paths: StackPaths): Promise<string> {
  if (!server.verify) return '';
  try {
    return `; ${await server.verify(paths)}`;
  } catch (error) {
    throw failure(server, paths, `failed its check: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Polls the server's handshake until it answers, its process dies, or the timeout passes. */
async function waitReady(
  server: StackServer,
  paths: StackPaths,
  pid: number,
  timeoutSeconds: number,
): Promise<ProbeResult> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!alive(pid)) throw failure(server, paths, `exited before it was ready`);
    try {
      return await server.probe();
    } catch (error) {
      lastError = error;
    }
    await sleep(500);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw failure(server, paths, `not ready after ${timeoutSeconds}s (last handshake error: ${reason})`);
}

function failure(server: StackServer, paths: StackPaths, what: string): StackError {
  const logFile = paths.logFile(server.name);
  return new StackError(`${server.name} ${what}; log: ${logFile}\n${tail(logFile, 20)}`);
}

/** Stops the server if this stack started it; a server it did not start is left alone. */
export async function downServer(server: StackServer, paths: StackPaths, report: Report): Promise<void> {
  const pid = livePid(paths.pidFile(server.name));
  if (pid === undefined) {
    clearPid(paths.pidFile(server.name));
    report(server, 'not running');
    return;
  }
  const how = await stopProcess(pid, server.stopSignal ?? 'SIGTERM', 60);
  clearPid(paths.pidFile(server.name));
  report(server, how === 'stopped' ? `stopped (pid ${pid})` : `did not stop in 60s, killed (pid ${pid})`);
}

/** What `status` prints for one server: process, handshake, port, version, where its files are. */
export async function serverStatus(server: StackServer, paths: StackPaths): Promise<ServerStatus> {
  const pid = livePid(paths.pidFile(server.name));
  const base = {
    name: server.name,
    port: server.port,
    dataDir: paths.dataDir(server.name),
    logFile: paths.logFile(server.name),
  };
  if (pid === undefined) {
    return { ...base, state: (await portInUse(server.port)) ? 'foreign' : 'down' };
  }
  try {
    const { version } = await server.probe();
    return { ...base, state: 'up', pid, version };
  } catch {
    return { ...base, state: 'not ready', pid };
  }
}

import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, stackPaths } from '../stack/paths';
import { alive, clearPid, launchDetached, livePid, sleep, stopProcess, tail } from '../stack/process';

/**
 * Runs polychat itself (api + worker) as a background process of the local stack, so `npm run up`
 * returns once it serves and `npm run down` stops it. Its output goes to .stack/logs/polychat.log;
 * the app also writes logs/app.log and logs/errors.log.
 */
const paths = stackPaths();
const pidFile = path.join(paths.home, 'run', 'polychat.pid');
const logFile = path.join(paths.home, 'logs', 'polychat.log');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: process.env['HTTP_PORT'] ?? '8080' } },
});
const base = `http://127.0.0.1:${values.port}`;

async function ready(): Promise<boolean> {
  try {
    return (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

async function up(): Promise<void> {
  const running = livePid(pidFile);
  if (running !== undefined && (await ready())) {
    console.log(`polychat  already running (pid ${running}) on ${base}`);
    return;
  }
  if (running !== undefined) await stopProcess(running, 'SIGTERM', 30);
  clearPid(pidFile);
  const pid = await launchDetached(
    { file: process.execPath, args: ['--import', 'tsx', 'src/main.ts', '--role', 'api,worker'], cwd: repoRoot },
    logFile,
    pidFile,
  );
  const deadline = Date.now() + 90_000;
  while (!(await ready())) {
    if (!alive(pid) || Date.now() > deadline) {
      throw new Error(`polychat did not become ready on ${base}/readyz; log: ${logFile}\n${tail(logFile, 20)}`);
    }
    await sleep(500);
  }
  console.log(`polychat  up (pid ${pid}) on ${base} — readyz ok`);
}

async function down(): Promise<void> {
  const pid = livePid(pidFile);
  if (pid === undefined) {
    console.log('polychat  not running');
  } else {
    const how = await stopProcess(pid, 'SIGTERM', 30);
    console.log(`polychat  ${how} (pid ${pid})`);
  }
  clearPid(pidFile);
}

const command = positionals[0];
(command === 'up' ? up() : command === 'down' ? down() : Promise.reject(new Error('usage: app.ts up|down'))).catch(
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../config';

const repoRoot = path.resolve(__dirname, '..', '..');

/** A real polychat process started by a test. */
export interface Started {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
}

/** Runs `node src/main.ts` as a real process, collecting its JSON log lines. */
export function runMain(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, stderr, exited };
}

/** Waits for the first log line with this message; fails with the process's stderr. */
export async function waitForLine(started: Started, message: string, ms = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const line = started.lines.find((entry) => entry['message'] === message);
    if (line) return line;
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`no '${message}' log line; stderr: ${started.stderr.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The environment that points a child process at the same test namespaces as `config`. */
export function childEnv(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return {
    POLYCHAT_ENV: 'dev',
    HTTP_PORT: '0',
    LOG_DIR: '',
    PG_URL: config.PG_URL,
    MONGO_URL: config.MONGO_URL,
    // Without it a child would read the dev .env and write into the dev graph (decision 0022).
    NEO4J_URL: config.NEO4J_URL,
    REDIS_URL: config.REDIS_URL,
    REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
    KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
    KAFKA_CONSUMER_GROUP: config.KAFKA_CONSUMER_GROUP,
    ...extra,
  };
}

/** Starts `--role api` as its own process and returns its base URL once it listens. */
export async function spawnApi(config: Config, extra: Record<string, string> = {}) {
  const started = runMain(['--role', 'api'], childEnv(config, { LOG_LEVEL: 'info', ...extra }));
  try {
    const listening = await waitForLine(started, 'api listening');
    return { ...started, base: `http://127.0.0.1:${String(listening['port'])}` };
  } catch (error) {
    started.child.kill('SIGKILL');
    throw error;
  }
}

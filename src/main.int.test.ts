import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testConfig } from './testing/config';

const repoRoot = path.resolve(__dirname, '..');

interface Started {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
}

/** Runs `node src/main.ts` as a real process, collecting its JSON log lines. */
function runMain(args: string[], env: Record<string, string>): Started {
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

async function waitForLine(started: Started, message: string, ms = 60_000): Promise<Record<string, unknown>> {
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

describe('polychat process (integration)', function () {
  this.timeout(120_000);

  it('refuses to start on a bad variable, naming it', async () => {
    const started = runMain([], { POLYCHAT_ENV: 'dev', HTTP_PORT: 'not-a-port' });
    assert.equal(await started.exited, 1);
    assert.match(started.stderr.join(''), /HTTP_PORT/);
  });

  it('refuses an unknown role', async () => {
    const started = runMain(['--role', 'api,scheduler'], { POLYCHAT_ENV: 'dev' });
    assert.equal(await started.exited, 1);
    assert.match(started.stderr.join(''), /--role/);
  });

  it('serves api + worker, then on SIGTERM drains and closes clients in reverse start order', async () => {
    const config = testConfig();
    const started = runMain(['--role', 'api,worker'], {
      POLYCHAT_ENV: 'dev',
      HTTP_PORT: '0',
      LOG_DIR: '',
      LOG_LEVEL: 'debug',
      PG_URL: config.PG_URL,
      MONGO_URL: config.MONGO_URL,
      REDIS_URL: config.REDIS_URL,
      REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
      KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
      KAFKA_CONSUMER_GROUP: config.KAFKA_CONSUMER_GROUP,
    });
    try {
      const listening = await waitForLine(started, 'api listening');
      await waitForLine(started, 'polychat started');
      const res = await fetch(`http://127.0.0.1:${String(listening['port'])}/readyz`);
      assert.equal(res.status, 200, await res.text());
      started.child.kill('SIGTERM');
      assert.equal(await started.exited, 0);
      const stopped = started.lines.filter((line) => line['message'] === 'stopped').map((line) => line['component']);
      assert.deepEqual(stopped, ['http', 'outbox-relays', 'consumers', 'kafka', 'redis', 'neo4j', 'mongo', 'postgres']);
    } finally {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
    }
  });
});

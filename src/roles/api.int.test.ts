import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stackPaths } from '../../scripts/stack/paths';
import { downServer, upServer } from '../../scripts/stack/runner';
import { redis as redisServer } from '../../scripts/stack/servers/redis';
import type { Booted } from '../bootstrap';
import type { RunningHttpServer } from '../platform/http';
import { bootForTest } from '../testing/boot';
import { testConfig } from '../testing/config';
import { startApi } from './api';

interface ReadyBody {
  status: string;
  down: string[];
  stores: Record<string, { status: string; latencyMs: number }>;
}

async function readyz(base: string): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('api role against the real stack (integration)', function () {
  this.timeout(120_000);
  let booted: Booted;
  let http: RunningHttpServer;
  let base: string;
  const logDir = mkdtempSync(path.join(tmpdir(), 'polychat-logs-'));

  before(async () => {
    booted = await bootForTest(testConfig({ LOG_DIR: logDir, LOG_LEVEL: 'http', LOG_CONSOLE: 'false' }));
    http = await startApi(booted);
    base = `http://127.0.0.1:${http.port}`;
  });
  after(async () => {
    await booted.stop();
  });

  it('is ready with all five stores ok, each with a latency', async () => {
    const { status, body } = await readyz(base);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body.stores).sort(), ['kafka', 'mongo', 'neo4j', 'postgres', 'redis']);
    for (const store of Object.values(body.stores)) {
      assert.equal(store.status, 'ok');
      assert.ok(store.latencyMs >= 0);
    }
  });

  it('writes JSON logs with the request id to app.log', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'log-probe-1' } });
    assert.equal(res.status, 200);
    const line = await until(
      'the request log line',
      async () =>
        readFileSync(path.join(logDir, 'app.log'), 'utf8')
          .split('\n')
          .find((entry) => entry.includes('log-probe-1')),
      (found) => found !== undefined,
      5000,
    );
    const entry = JSON.parse(line!) as Record<string, unknown>;
    assert.equal(entry['requestId'], 'log-probe-1');
    assert.equal(entry['status'], 200);
    assert.equal(entry['path'], '/healthz');
    assert.equal(entry['level'], 'http');
  });

  it('turns 503 naming Redis while Redis is stopped, and 200 once it is back', async () => {
    const paths = stackPaths();
    const quiet = (): void => undefined;
    await downServer(redisServer, paths, quiet);
    try {
      const down = await until(
        'a 503',
        () => readyz(base),
        (result) => result.status === 503,
      );
      assert.deepEqual(down.body.down, ['redis']);
      assert.equal(down.body.stores['redis']?.status, 'down');
      assert.equal(down.body.stores['postgres']?.status, 'ok');
    } finally {
      await upServer(redisServer, paths, quiet);
    }
    const up = await until(
      'a 200 again',
      () => readyz(base),
      (result) => result.status === 200,
    );
    assert.equal(up.body.stores['redis']?.status, 'ok');
  });
});

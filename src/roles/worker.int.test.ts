import assert from 'node:assert/strict';
import { testConfig } from '../testing/config';
import { childEnv, runMain, waitForLine } from '../testing/process';

describe('a worker-only process (integration)', function () {
  this.timeout(120_000);

  it('answers /healthz, /readyz and /metrics on HTTP_PORT, and nothing else', async () => {
    const started = runMain(['--role', 'worker'], childEnv(testConfig(), { LOG_LEVEL: 'info' }));
    try {
      const listening = await waitForLine(started, 'worker operations endpoints listening');
      const base = `http://127.0.0.1:${String(listening['port'])}`;
      const healthz = await fetch(`${base}/healthz`);
      assert.equal(healthz.status, 200);
      assert.deepEqual(await healthz.json(), { status: 'ok' });
      await waitForLine(started, 'polychat started');
      const readyz = await fetch(`${base}/readyz`);
      const ready = (await readyz.json()) as { status: string; stores: Record<string, unknown> };
      assert.equal(readyz.status, 200, JSON.stringify(ready));
      assert.deepEqual(Object.keys(ready.stores).sort(), ['kafka', 'mongo', 'neo4j', 'postgres', 'redis']);
      const metrics = await fetch(`${base}/metrics`);
      assert.equal(metrics.status, 200);
      const text = await metrics.text();
      for (const series of [
        'polychat_outbox_backlog{store="postgres"}',
        'polychat_kafka_consumer_lag{',
        'process_cpu_user_seconds_total',
      ]) {
        assert.ok(text.includes(series), series);
      }
      assert.equal((await fetch(`${base}/v1/users/me`)).status, 404, 'no api routes on the worker');
      assert.equal((await fetch(`${base}/openapi.json`)).status, 404);
      started.child.kill('SIGTERM');
      assert.equal(await started.exited, 0);
    } finally {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
    }
  });
});

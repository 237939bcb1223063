import assert from 'node:assert/strict';
import { childEnv, runMain, waitForLine } from './testing/process';
import { testConfig } from './testing/config';

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
    const started = runMain(['--role', 'api,worker'], childEnv(config, { LOG_LEVEL: 'debug' }));
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

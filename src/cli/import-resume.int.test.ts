import assert from 'node:assert/strict';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../platform/mongo';
import { REDIS_LOCKS, type RedisLocks } from '../platform/redis';
import { eventually } from '../testing/app';
import { TEST_RUN_ID } from '../testing/config';
import { startDatasetEnv, type DatasetEnv } from '../testing/datasets';

const SEED = parseInt(TEST_RUN_ID.slice(-5), 36) + 1;

describe('polychat import: killed midway, and the job lock (integration)', function () {
  this.timeout(300_000);
  let env: DatasetEnv;
  let dataset: string;
  let userIds: string[] = [];

  before(async () => {
    env = await startDatasetEnv('resume');
    dataset = path.join(env.tmp, 'seeded');
    userIds = await env.seed(dataset, { users: 30, messages: 2000, seed: SEED });
  });

  after(async () => {
    await env?.cleanGraph(userIds);
    await env?.stop();
  });

  it('refuses a second import while one holds the job lease, and names the holder', async () => {
    const locks = env.booted.container.get<RedisLocks>(REDIS_LOCKS);
    assert.ok(await locks.lease('job:import', 'the-test-holder', 60_000));
    try {
      const refused = await env.polychat('import', dataset);
      assert.equal(refused.code, 75);
      assert.match(refused.stderr, /job "import" is already running \(held by the-test-holder\)/);
    } finally {
      await locks.releaseLease('job:import', 'the-test-holder');
    }
  });

  it('a run killed midway, run again, ends with exactly the dataset; a concurrent run is refused meanwhile', async () => {
    const checkpoints = env.booted.container.get<Connection>(MONGO_CONNECTION).db!.collection('dataset_checkpoints');
    // A lease of 30 s for this run, so that it still holds it while frozen below.
    const first = env.spawn(['import', dataset, '--batch-size', '10'], { JOB_LEASE_TTL_MS: '30000' });
    let firstStderr = '';
    first.stderr?.on('data', (chunk: Buffer) => (firstStderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    const progressed = () => checkpoints.findOne({ entity: 'messages', done: false, line: { $gte: 100 } });
    await eventually(
      'the messages checkpoint to advance',
      progressed,
      (doc) => doc !== null || first.exitCode !== null,
      120_000,
    );
    assert.equal(first.exitCode, null, `the first import ended early: ${firstStderr}`);
    // Frozen mid-import (as a slow run would be): it holds the lease, so a second run is refused.
    first.kill('SIGSTOP');

    const concurrent = await env.polychat('import', dataset);
    assert.equal(concurrent.code, 75, concurrent.stdout + concurrent.stderr);
    assert.match(concurrent.stderr, /job "import" is already running/);

    first.kill('SIGKILL');
    assert.equal(await exited, null);
    const killedAt = (await checkpoints.findOne({ entity: 'messages' }))?.['line'] as number;
    assert.ok(killedAt > 0 && killedAt < 2000, `killed at line ${killedAt}`);

    // The dead run's lease lapses after its TTL (30 s); until then a new run is refused.
    const resumed = await eventually(
      'the lease of the killed run to lapse',
      () => env.polychat('import', dataset),
      (run) => run.code !== 75,
      60_000,
    );
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const summary = /messages\s+(\d+) new, (\d+) present, 0 rejected of 2000 lines \(resumed after line (\d+)\)/.exec(
      resumed.stdout,
    );
    assert.ok(summary, resumed.stdout);
    const [, created, present, after] = summary.map(Number);
    assert.equal((created ?? 0) + (present ?? 0), 2000);
    assert.ok((after ?? 0) >= killedAt && (present ?? 0) <= 10, `resumed after ${after}, ${present} present`);

    const out = path.join(env.tmp, 'exported');
    assert.equal((await env.polychat('export', out)).code, 0);
    await env.assertSameRecords(out, dataset);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Booted } from '../../bootstrap';
import { bootForTest } from '../../testing/boot';
import { REDIS } from './index';
import { RedisLocks } from './locks';

const OPTIONS = { ttlMs: 5000, waitMs: 5000 };
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The chat lock against the real Redis: in-process queueing, and exclusion between processes. */
describe('RedisLocks (integration)', function () {
  this.timeout(60_000);
  let booted: Booted;
  let redis: Redis;

  before(async () => {
    booted = await bootForTest();
    redis = booted.container.get<Redis>(REDIS);
  });
  after(() => booted.stop());

  it('runs one process’s work on a key one at a time, in the order it asked', async () => {
    const locks = new RedisLocks(redis);
    const key = `test-lock:${randomUUID()}`;
    const order: number[] = [];
    let inside = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        locks.withLock(key, OPTIONS, async () => {
          inside += 1;
          assert.equal(inside, 1, 'two holders at once');
          await tick();
          order.push(index);
          inside -= 1;
        }),
      ),
    );
    assert.deepEqual(
      order,
      Array.from({ length: 30 }, (_, index) => index),
    );
    assert.equal(await redis.exists(`lock:${key}`), 0, 'the Redis guard is given back at the end');
  });

  it('serves work that arrives while the guard is being given back, and survives failing work', async () => {
    const locks = new RedisLocks(redis);
    const key = `test-lock:${randomUUID()}`;
    let done = 0;
    const waves = Array.from({ length: 40 }, async (_, wave) => {
      for (let step = 0; step < wave % 5; step += 1) await tick(); // arrivals spread over the releases
      await locks
        .withLock(key, OPTIONS, async () => {
          await tick();
          if (wave % 7 === 0) throw new Error('work failed');
          done += 1;
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error) || error.message !== 'work failed') throw error;
        });
    });
    await Promise.all(waves);
    assert.equal(done, 40 - 6);
  });

  it('excludes two processes from each other (two lock owners on one key)', async () => {
    const [first, second] = [new RedisLocks(redis), new RedisLocks(redis)];
    const key = `test-lock:${randomUUID()}`;
    let inside = 0;
    let most = 0;
    const work = async (): Promise<void> => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inside -= 1;
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).withLock(key, OPTIONS, work)),
    );
    assert.equal(most, 1);
  });

  it('runs alongside commands right after the guard’s SET NX, and hands their replies to the work only when that took it', async () => {
    const locks = new RedisLocks(redis);
    const key = `test-lock:${randomUUID()}`;
    const read = (pipeline: ChainableCommander): void => void pipeline.get(`lock:${key}`);
    // Taken at the first attempt: the read ran after the SET NX, so it sees this holder's token.
    const taken = await locks.withLock(key, OPTIONS, async (first) => first, read);
    assert.equal(taken?.length, 1);
    assert.equal(taken?.[0]?.[0], null);
    assert.match(String(taken?.[0]?.[1]), /^[A-Za-z0-9_-]{16}$/);

    // Another process holds the key: the first attempt fails (its commands still ran: they must be
    // harmless), the work reads for itself once the guard is taken later.
    await redis.set(`lock:${key}`, 'another process', 'PX', OPTIONS.ttlMs);
    const attempts = `test-lock-attempts:${randomUUID()}`;
    const waited = locks.withLock(
      key,
      OPTIONS,
      async (first) => first,
      (pipeline) => void pipeline.incr(attempts),
    );
    while (Number(await redis.get(attempts)) < 1) await tick();
    await redis.del(`lock:${key}`, attempts);
    assert.equal(await waited, undefined);

    // Handed over inside the process: no Redis attempt, nothing alongside.
    const [one, two] = await Promise.all([
      locks.withLock(key, OPTIONS, async (first) => first, read),
      locks.withLock(key, OPTIONS, async (first) => first, read),
    ]);
    assert.equal(one?.length, 1);
    assert.equal(two, undefined);
    assert.equal(await redis.exists(`lock:${key}`), 0, 'the Redis guard is given back at the end');
  });
});

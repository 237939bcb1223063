import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { RedisLocks } from './locks';

const OPTIONS = { ttlMs: 5000, waitMs: 5000 };

/** Redis as the lock uses it: SET NX PX and the token-checked release, which can be held back. */
class FakeRedis {
  readonly values = new Map<string, string>();
  releases: (() => void)[] = [];
  holdReleases = false;

  async set(key: string, value: string): Promise<'OK' | null> {
    // SET key value PX ttl NX: the fake keeps keys until they are released.
    await Promise.resolve();
    if (this.values.has(key)) return null;
    this.values.set(key, value);
    return 'OK';
  }

  eval(...args: [script: string, keys: number, key: string, token: string]): Promise<number> {
    const [, , key, token] = args;
    const release = (): number => {
      if (this.values.get(key) !== token) return 0;
      this.values.delete(key);
      return 1;
    };
    if (!this.holdReleases) return Promise.resolve(release());
    return new Promise((resolve) => this.releases.push(() => resolve(release())));
  }
}

describe('RedisLocks', () => {
  it('answers once the work is done, without waiting for the guard to be given back', async () => {
    const redis = new FakeRedis();
    redis.holdReleases = true;
    const locks = new RedisLocks(redis as unknown as Redis);
    const result = await locks.withLock('chat:1', OPTIONS, async () => 'sent');
    assert.equal(result, 'sent');
    assert.equal(redis.releases.length, 1, 'the release was sent');
    assert.equal(redis.values.size, 1, 'and is still in flight');

    // Work arriving meanwhile waits for the release, then takes the guard afresh.
    let ran = false;
    const next = locks.withLock('chat:1', OPTIONS, async () => {
      ran = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(ran, false, 'no second holder while the first guard is still held');
    redis.holdReleases = false;
    for (const release of redis.releases.splice(0)) release();
    await next;
    assert.equal(ran, true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(redis.values.size, 0, 'given back at the end');
  });
});

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface LockOptions {
  /** How long the lock lives if its holder dies. */
  readonly ttlMs: number;
  /** How long to wait for it before giving up with 503 `<name>.BUSY`-style error. */
  readonly waitMs: number;
}

/**
 * Short mutual-exclusion locks in Redis (SET NX PX + token-checked release), shared by every
 * process. For serialising writes, not for long jobs.
 */
export class RedisLocks {
  constructor(private readonly redis: Redis) {}

  async withLock<T>(key: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + options.waitMs;
    let delay = 2;
    while ((await this.redis.set(`lock:${key}`, token, 'PX', options.ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new AppError('LOCK.UNAVAILABLE', 'busy, try again', { key });
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, `lock:${key}`, token);
    }
  }

  /** Takes a renewable lease: true if this holder now has it (newly or still). */
  async lease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    if ((await this.redis.set(`lease:${key}`, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return (await this.redis.eval(EXTEND, 1, `lease:${key}`, holder, String(ttlMs))) === 1;
  }

  /** Who holds the lease now, if anyone (for messages such as "job already running"). */
  async leaseHolder(key: string): Promise<string | undefined> {
    return (await this.redis.get(`lease:${key}`)) ?? undefined;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, `lease:${key}`, holder);
  }
}

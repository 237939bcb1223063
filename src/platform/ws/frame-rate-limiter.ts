import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Counts request frames per connection. */
export interface FrameRateLimiter {
  /** True while the connection is within its budget. */
  allow(connectionId: string): Promise<boolean>;
}

/** The budget in Redis (rate-limiter-flexible), so it holds the same wherever it is counted. */
export class RedisFrameRateLimiter implements FrameRateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, budget: { frames: number; windowSeconds: number }) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'rl:ws:conn',
      points: budget.frames,
      duration: budget.windowSeconds,
    });
  }

  async allow(connectionId: string): Promise<boolean> {
    try {
      await this.limiter.consume(connectionId);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }
}

import type { Redis } from 'ioredis';
import { inject, injectable } from 'inversify';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../../../config';
import { REDIS } from '../../../platform/redis';
import { AuthErrors } from '../domain/errors';
import type { AuthRateLimiter } from '../application/ports';

/** Auth budgets in Redis (rate-limiter-flexible), shared by every api process. */
@injectable()
export class RedisAuthRateLimiter implements AuthRateLimiter {
  private readonly perIp: RateLimiterRedis;
  private readonly failuresPerAccount: RateLimiterRedis;

  constructor(@inject(REDIS) redis: Redis, @inject(CONFIG) config: Config) {
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'rl:auth:ip',
      points: config.RATE_LIMIT_AUTH_PER_IP_PER_MINUTE,
      duration: 60,
    });
    this.failuresPerAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'rl:auth:login-failures',
      points: config.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
      duration: 15 * 60,
    });
  }

  async hitFromIp(ip: string): Promise<void> {
    await this.perIp.consume(ip).catch(rethrowLimited);
  }

  async assertAccountOpen(login: string): Promise<void> {
    const state = await this.failuresPerAccount.get(accountKey(login));
    if (state && state.remainingPoints <= 0) throw AuthErrors.rateLimited(Math.ceil(state.msBeforeNext / 1000));
  }

  async recordLoginFailure(login: string): Promise<void> {
    await this.failuresPerAccount.penalty(accountKey(login), 1);
  }

  async clearLoginFailures(login: string): Promise<void> {
    await this.failuresPerAccount.delete(accountKey(login));
  }
}

const accountKey = (login: string): string => login.trim().toLowerCase();

function rethrowLimited(error: unknown): never {
  if (error instanceof RateLimiterRes) throw AuthErrors.rateLimited(Math.ceil(error.msBeforeNext / 1000));
  throw error;
}

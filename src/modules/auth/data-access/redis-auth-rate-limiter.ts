import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { inject, injectable } from 'inversify';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../../../config';
import { REDIS } from '../../../platform/redis';
import { AuthErrors } from '../domain/errors';
import type { AuthRateLimiter } from '../application/ports';

const FIFTEEN_MINUTES = 15 * 60;
const DAY = 24 * 3600;
/** The wait per failure beyond the account's budget, and its ceiling. */
export const SLOWDOWN_STEP_MS = 250;
export const SLOWDOWN_MAX_MS = 3000;

/**
 * Auth budgets in Redis (rate-limiter-flexible), shared by every api process. Brute force is
 * refused per (account, IP) pair and per IP, never per account alone, so a stranger cannot lock
 * the owner out; failures against one account from everywhere only slow its logins down
 * (docs/decisions/0030-login-throttling.md).
 */
@injectable()
export class RedisAuthRateLimiter implements AuthRateLimiter {
  private readonly perIp: RateLimiterRedis;
  private readonly failuresPerPair: RateLimiterRedis;
  private readonly failuresPerIp: RateLimiterRedis;
  private readonly failuresPerAccount: RateLimiterRedis;
  private readonly accountBudget: number;

  constructor(@inject(REDIS) redis: Redis, @inject(CONFIG) config: Config) {
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
    this.perIp = limiter('rl:auth:ip', config.RATE_LIMIT_AUTH_PER_IP_PER_MINUTE, 60);
    this.accountBudget = config.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT;
    this.failuresPerPair = limiter('rl:auth:fail:pair', this.accountBudget, FIFTEEN_MINUTES);
    this.failuresPerIp = limiter('rl:auth:fail:ip', config.RATE_LIMIT_LOGIN_FAILURES_PER_IP_PER_DAY, DAY);
    // Counted only (never refuses): its points are a high bound that is never reached.
    this.failuresPerAccount = limiter('rl:auth:fail:account', Number.MAX_SAFE_INTEGER, FIFTEEN_MINUTES);
  }

  async hitFromIp(ip: string): Promise<void> {
    await this.perIp.consume(ip).catch(rethrowLimited);
  }

  async admitLogin(account: string, ip: string): Promise<void> {
    const [pair, fromIp, onAccount] = await Promise.all([
      this.failuresPerPair.get(pairKey(account, ip)),
      this.failuresPerIp.get(ip),
      this.failuresPerAccount.get(account),
    ]);
    for (const state of [pair, fromIp]) {
      if (state && state.remainingPoints <= 0) throw AuthErrors.rateLimited(Math.ceil(state.msBeforeNext / 1000));
    }
    const excess = (onAccount?.consumedPoints ?? 0) - this.accountBudget;
    if (excess > 0) await sleep(Math.min(SLOWDOWN_MAX_MS, excess * SLOWDOWN_STEP_MS));
  }

  async recordLoginFailure(account: string, ip: string): Promise<void> {
    await Promise.all([
      this.failuresPerPair.penalty(pairKey(account, ip), 1),
      this.failuresPerIp.penalty(ip, 1),
      this.failuresPerAccount.penalty(account, 1),
    ]);
  }

  async recordLoginSuccess(account: string, ip: string): Promise<void> {
    await this.failuresPerPair.delete(pairKey(account, ip));
  }
}

const pairKey = (account: string, ip: string): string => `${account}|${ip}`;

function rethrowLimited(error: unknown): never {
  if (error instanceof RateLimiterRes) throw AuthErrors.rateLimited(Math.ceil(error.msBeforeNext / 1000));
  throw error;
}

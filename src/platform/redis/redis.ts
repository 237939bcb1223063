import { Redis } from 'ioredis';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { StoreClient } from '../lifecycle';

/** Container token of the shared ioredis client (commands; subscribers get their own). */
export const REDIS = Symbol.for('polychat.Redis');

export interface RedisOptions {
  readonly url: string;
  readonly keyPrefix: string;
}

/**
 * Connects ioredis with a key prefix. Reconnects forever with a capped backoff; a command issued
 * while the server is away fails after two reconnect attempts instead of waiting indefinitely.
 */
export async function connectRedis(options: RedisOptions, logger: Logger): Promise<StoreClient<Redis>> {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return; // one line per distinct error, not one per retry
    lastError = error.message;
    logger.warn('redis connection error', { error: error.message });
  });
  redis.on('ready', () => {
    lastError = '';
  });
  await redis.connect();
  const health: HealthCheck = {
    name: 'redis',
    check: async () => {
      await redis.ping();
    },
  };
  return {
    client: redis,
    health,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

import { Redis, type RedisOptions as IORedisOptions } from 'ioredis';
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
 * The command client: no offline queue, so a command issued while the server is away fails at once
 * ("Stream isn't writeable", STORE.UNAVAILABLE through platform/health's toStoreError) instead of
 * waiting for a reconnect. Its duplicates (the pub/sub subscribers) keep the queue: they SUBSCRIBE
 * before their own connection is up, and ioredis resubscribes them after a reconnect.
 */
export class CommandRedis extends Redis {
  override duplicate(override?: Partial<IORedisOptions>): Redis {
    return new Redis({ ...this.options, enableOfflineQueue: true, ...override });
  }
}

/**
 * Connects ioredis with a key prefix. Reconnects forever, at most a second apart, so the server's
 * return is noticed within a second.
 */
export async function connectRedis(options: RedisOptions, logger: Logger): Promise<StoreClient<Redis>> {
  const redis = new CommandRedis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
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

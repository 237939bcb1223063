export { connectRedis, REDIS, type RedisOptions } from './redis';
export { RedisLocks, type LockOptions } from './locks';
export const REDIS_LOCKS = Symbol.for('polychat.RedisLocks');

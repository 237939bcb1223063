export { connectRedis, REDIS, type RedisOptions } from './redis';
export { RedisLocks, type LockOptions, type PipelineReplies } from './locks';
export const REDIS_LOCKS = Symbol.for('polychat.RedisLocks');

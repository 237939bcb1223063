export { connectRedis, REDIS, type RedisOptions } from './redis';

export { connectPostgres, PG_POOL, type PostgresOptions } from './postgres';
export { ensureDatabase } from './database';
export { withTransaction } from './transaction';

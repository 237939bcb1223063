export { connectPostgres, PG_POOL, PostgresPool, type PostgresOptions } from './postgres';
export { ensureDatabase } from './database';
export { withTransaction } from './transaction';

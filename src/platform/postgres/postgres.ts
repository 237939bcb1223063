import pg from 'pg';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { StoreClient } from '../lifecycle';

/** Container token of the shared pg.Pool. */
export const PG_POOL = Symbol.for('polychat.PgPool');

export interface PostgresOptions {
  readonly url: string;
  readonly poolMax: number;
}

/** Opens the pool and proves it with one round trip; idle-client errors are logged, never fatal. */
export async function connectPostgres(options: PostgresOptions, logger: Logger): Promise<StoreClient<pg.Pool>> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'polychat',
  });
  // A server restart kills idle clients; without a listener the pool's 'error' would crash the process.
  pool.on('error', (error) => logger.warn('postgres idle client error', { error: error.message }));
  await pool.query('SELECT 1');
  const health: HealthCheck = {
    name: 'postgres',
    check: async () => {
      await pool.query('SELECT 1');
    },
  };
  return { client: pool, health, close: () => pool.end() };
}

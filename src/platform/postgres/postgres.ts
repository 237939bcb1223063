import pg from 'pg';
import { storeUnavailable, type HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { StoreClient } from '../lifecycle';

/** Container token of the shared pg.Pool. */
export const PG_POOL = Symbol.for('polychat.PgPool');

export interface PostgresOptions {
  readonly url: string;
  readonly poolMax: number;
  /** Longest wait for a connection (a new one, or a free one of a full pool) before STORE.UNAVAILABLE. */
  readonly connectionTimeoutMs?: number;
}

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * A pg.Pool whose failure to hand out a connection (refused, timed out, the server shutting down)
 * is STORE.UNAVAILABLE naming postgres, the original error as its cause. pg reports a refused
 * connect as a bare socket error that names no driver, so this is the one place that knows.
 * `query` takes its connection through `connect`, so both paths are covered.
 */
export class PostgresPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback) {
      super.connect((err, client, done) => callback(err ? storeUnavailable('postgres', err) : err, client, done));
      return;
    }
    return super.connect().catch((error: unknown) => {
      throw storeUnavailable('postgres', error);
    });
  }
}

/** Opens the pool and proves it with one round trip; idle-client errors are logged, never fatal. */
export async function connectPostgres(options: PostgresOptions, logger: Logger): Promise<StoreClient<pg.Pool>> {
  const pool = new PostgresPool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
    idleTimeoutMillis: 30_000,
    application_name: 'polychat',
  });
  // A server restart kills idle clients; without a listener the pool's 'error' would crash the process.
  pool.on('error', (error) => logger.warn('postgres idle client error', { error: error.message }));
  // The pool listens on idle clients only: a checked-out client (a transaction awaiting something
  // else) that loses its server would emit 'error' with no listener and crash the process. Its next
  // query fails instead ("not queryable", STORE.UNAVAILABLE).
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn('postgres connection lost', { error: error.message }));
  });
  await pool.query('SELECT 1');
  const health: HealthCheck = {
    name: 'postgres',
    check: async () => {
      await pool.query('SELECT 1');
    },
  };
  return { client: pool, health, close: () => pool.end() };
}

import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import { ensureDatabase } from '../platform/postgres';

/** Where the PostgreSQL migrations live (TypeScript under tsx, compiled JS in the image). */
export const PG_MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'migrations', 'pg');

export interface MigrateOptions {
  readonly direction: 'up' | 'down';
  /** How many migrations to apply or revert; all pending ones up, one down, by default. */
  readonly count?: number;
}

/**
 * Creates the database if needed and applies (or reverts) PostgreSQL migrations with
 * node-pg-migrate, under its advisory lock so concurrent runs wait for each other.
 */
export async function migratePostgres(config: Config, logger: Logger, options: MigrateOptions): Promise<string[]> {
  if ((await ensureDatabase(config.PG_URL)) === 'created') logger.info('database created');
  const applied = await runner({
    databaseUrl: config.PG_URL,
    dir: PG_MIGRATIONS_DIR,
    direction: options.direction,
    count: options.count ?? (options.direction === 'up' ? Infinity : 1),
    migrationsTable: 'pgmigrations',
    singleTransaction: true,
    checkOrder: true,
    log: (message) => logger.debug(message),
  });
  return applied.map((migration) => migration.name);
}

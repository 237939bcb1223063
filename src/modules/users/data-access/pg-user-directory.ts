import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import type { UserDirectory } from '../application/user-directory';

/** Live accounts by primary key: one indexed query for a batch of ids. */
@injectable()
export class PgUserDirectory implements UserDirectory {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async liveUserIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM users WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL',
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }
}

import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import type { UserSnapshotReader } from '../application/ports';
import type { UserSnapshot } from '../domain/snapshot';

interface SnapshotRow {
  id: string;
  version: number;
  deleted: boolean;
  username: string | null;
  display_name: string | null;
  created_at: Date;
}

/** Pages of the users table in id (uuid, i.e. byte) order, tombstones included. */
@injectable()
export class PgUserSnapshots implements UserSnapshotReader {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async page(after: string | undefined, limit: number, ids?: readonly string[]): Promise<UserSnapshot[]> {
    const { rows } = await this.pool.query<SnapshotRow>(
      `SELECT id, version, deleted_at IS NOT NULL AS deleted, username, display_name, created_at
       FROM users
       WHERE ($1::uuid IS NULL OR id > $1::uuid) AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
       ORDER BY id LIMIT $2`,
      [after ?? null, limit, ids ? [...ids] : null],
    );
    return rows.map((row) => ({
      id: row.id,
      version: row.version,
      deleted: row.deleted,
      username: row.username,
      displayName: row.display_name,
      createdAt: row.created_at.toISOString(),
    }));
  }

  async count(ids?: readonly string[]): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM users WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])',
      [ids ? [...ids] : null],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

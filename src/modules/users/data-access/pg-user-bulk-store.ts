import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { createEnvelope } from '../../../platform/kafka';
import { appendToPgOutbox } from '../../../platform/outbox';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { ImportedUser, UserBulkStore, UserImportOutcome } from '../application/bulk-ports';
import type { EventMeta } from '../application/ports';
import { USERS_TOPIC, UserEventTypes, type UserProfilePayload } from '../domain/events';

/** Stored for an account without a password: not an argon2 hash, so no password ever matches it. */
const NO_PASSWORD = '!';

interface Row {
  id: string;
  username: string;
  email: string;
  display_name: string;
  password_hash: string;
  created_at: Date;
}

/** Bulk reads and writes of the users table (import and export), one transaction per batch. */
@injectable()
export class PgUserBulkStore implements UserBulkStore {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  insertMany(users: readonly ImportedUser[], meta: EventMeta): Promise<UserImportOutcome> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO users (id, username, email, display_name, password_hash, created_at, updated_at)
         SELECT id, username, email, display_name, password_hash, created_at, created_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
           AS t(id, username, email, display_name, password_hash, created_at)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          users.map((user) => user.id),
          users.map((user) => user.username),
          users.map((user) => user.email),
          users.map((user) => user.displayName),
          users.map((user) => user.passwordHash ?? NO_PASSWORD),
          users.map((user) => user.createdAt),
        ],
      );
      const created = new Set(rows.map((row) => row.id));
      const events = users
        .filter((user) => created.has(user.id))
        .map((user) => {
          const payload: UserProfilePayload = { username: user.username, displayName: user.displayName };
          const envelope = createEnvelope({ type: UserEventTypes.registered, aggregateId: user.id, payload, ...meta });
          return { topic: USERS_TOPIC, envelope: { ...envelope, occurredAt: new Date(user.createdAt).toISOString() } };
        });
      await appendToPgOutbox(tx, events);
      const rest = users.filter((user) => !created.has(user.id));
      return { created: [...created], ...(await this.classify(tx, rest)) };
    });
  }

  async liveIds(ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM users WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL',
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  async pageAfter(afterId: string | null, limit: number): Promise<ImportedUser[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id, username, email, display_name, password_hash, created_at FROM users
       WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      email: row.email,
      displayName: row.display_name,
      passwordHash: row.password_hash === NO_PASSWORD ? null : row.password_hash,
      createdAt: row.created_at.toISOString(),
    }));
  }

  /** Why rows were not inserted: the same id already live (fine), or a conflict naming the field. */
  private async classify(
    tx: pg.PoolClient,
    rest: readonly ImportedUser[],
  ): Promise<Pick<UserImportOutcome, 'existing' | 'conflicts'>> {
    if (rest.length === 0) return { existing: [], conflicts: [] };
    const { rows } = await tx.query<{ id: string; live: boolean }>(
      'SELECT id, deleted_at IS NULL AS live FROM users WHERE id = ANY($1::uuid[])',
      [rest.map((user) => user.id)],
    );
    const byId = new Map(rows.map((row) => [row.id, row.live]));
    const { rows: taken } = await tx.query<{ username: string }>(
      'SELECT lower(username) AS username FROM users WHERE lower(username) = ANY($1::text[])',
      [rest.map((user) => user.username.toLowerCase())],
    );
    const takenNames = new Set(taken.map((row) => row.username));
    const existing: string[] = [];
    const conflicts: { id: string; field: 'id' | 'username' | 'email' }[] = [];
    for (const user of rest) {
      const live = byId.get(user.id);
      if (live === true) existing.push(user.id);
      else if (live === false) conflicts.push({ id: user.id, field: 'id' });
      else conflicts.push({ id: user.id, field: takenNames.has(user.username.toLowerCase()) ? 'username' : 'email' });
    }
    return { existing, conflicts };
  }
}

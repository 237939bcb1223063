import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { createEnvelope } from '../../../platform/kafka';
import { appendToPgOutbox } from '../../../platform/outbox';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { EventMeta, NewUser, Page, ProfilePatch, UserRepository } from '../application/ports';
import { USERS_TOPIC, UserEventTypes, type UserProfilePayload, type UserRoleChangedPayload } from '../domain/events';
import { UserErrors, type User, type UserRole } from '../domain/user';

interface UserRow {
  id: string;
  username: string;
  email: string;
  display_name: string;
  password_hash: string;
  version: number;
  role: UserRole;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, username, email, display_name, password_hash, version, role, created_at, updated_at';
const LIVE = 'deleted_at IS NULL';

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  email: row.email,
  displayName: row.display_name,
  version: row.version,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Users in PostgreSQL; each change and its event commit in one transaction. */
@injectable()
export class PgUserRepository implements UserRepository {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async create(user: NewUser, meta: EventMeta): Promise<User> {
    return this.transaction(async (tx) => {
      const { rows } = await tx
        .query<UserRow>(
          `INSERT INTO users (id, username, email, display_name, password_hash)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
          [randomUUID(), user.username, user.email, user.displayName, user.passwordHash],
        )
        .catch(rethrowUniqueViolation);
      const created = toUser(rows[0] as UserRow);
      await this.emit(tx, UserEventTypes.registered, created, meta);
      return created;
    });
  }

  async findById(id: string): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND ${LIVE}`, [id]);
    return rows[0] && toUser(rows[0]);
  }

  async findCredentials(login: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const column = login.includes('@') ? 'email' : 'username';
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE lower(${column}) = lower($1) AND ${LIVE}`,
      [login],
    );
    return rows[0] && { user: toUser(rows[0]), passwordHash: rows[0].password_hash };
  }

  async update(id: string, patch: ProfilePatch, meta: EventMeta): Promise<User> {
    return this.transaction(async (tx) => {
      const { rows } = await tx
        .query<UserRow>(
          `UPDATE users SET username = coalesce($2, username), display_name = coalesce($3, display_name),
             version = version + 1, updated_at = now()
           WHERE id = $1 AND ${LIVE} RETURNING ${COLUMNS}`,
          [id, patch.username ?? null, patch.displayName ?? null],
        )
        .catch(rethrowUniqueViolation);
      if (!rows[0]) throw UserErrors.notFound();
      const updated = toUser(rows[0]);
      await this.emit(tx, UserEventTypes.updated, updated, meta);
      return updated;
    });
  }

  async setRole(username: string, role: UserRole, meta: EventMeta): Promise<User> {
    return this.transaction(async (tx) => {
      const { rows } = await tx.query<UserRow>(
        `UPDATE users SET role = $2, version = version + 1, updated_at = now()
         WHERE lower(username) = lower($1) AND ${LIVE} RETURNING ${COLUMNS}`,
        [username, role],
      );
      if (!rows[0]) throw UserErrors.notFound();
      const user = toUser(rows[0]);
      const payload: UserRoleChangedPayload = { role };
      const envelope = createEnvelope({
        type: UserEventTypes.roleChanged,
        aggregateId: user.id,
        version: user.version,
        payload,
        ...meta,
      });
      await appendToPgOutbox(tx, [{ topic: USERS_TOPIC, envelope }]);
      return user;
    });
  }

  async erase(id: string, meta: EventMeta): Promise<void> {
    await this.transaction(async (tx) => {
      const { rows } = await tx.query<{ version: number }>(
        `UPDATE users SET username = NULL, email = NULL, display_name = NULL, password_hash = NULL,
           version = version + 1, updated_at = now(), deleted_at = now()
         WHERE id = $1 AND ${LIVE} RETURNING version`,
        [id],
      );
      if (!rows[0]) throw UserErrors.notFound();
      await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
      const envelope = createEnvelope({
        type: UserEventTypes.deleted,
        aggregateId: id,
        version: rows[0].version,
        payload: {},
        ...meta,
      });
      await appendToPgOutbox(tx, [{ topic: USERS_TOPIC, envelope }]);
    });
  }

  async searchByUsernamePrefix(prefix: string, after: string | undefined, limit: number): Promise<Page<User>> {
    const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users
       WHERE ${LIVE} AND lower(username) LIKE $1 AND ($2::text IS NULL OR lower(username) > $2)
       ORDER BY lower(username) LIMIT $3`,
      [pattern, after ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toUser);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? last.username.toLowerCase() : null };
  }

  private async emit(tx: pg.PoolClient, type: string, user: User, meta: EventMeta): Promise<void> {
    const payload: UserProfilePayload = { username: user.username, displayName: user.displayName };
    const envelope = createEnvelope({ type, aggregateId: user.id, version: user.version, payload, ...meta });
    await appendToPgOutbox(tx, [{ topic: USERS_TOPIC, envelope }]);
  }

  private transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }
}

/** Maps a unique violation on username or email to the 409 that names the field. */
function rethrowUniqueViolation(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'users_username_key') throw UserErrors.usernameTaken();
  if (code === '23505' && constraint === 'users_email_key') throw UserErrors.emailTaken();
  throw error;
}

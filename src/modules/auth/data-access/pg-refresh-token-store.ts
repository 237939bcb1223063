import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { CONFIG, type Config } from '../../../config';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { RefreshTokenStore, RefreshUse, SessionRef } from '../application/ports';

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Refresh tokens in PostgreSQL: only their sha256 is stored; 256 random bits each. A family (one
 * login) is a session: its id is the `sid` of the access tokens issued with it.
 */
@injectable()
export class PgRefreshTokenStore implements RefreshTokenStore {
  private readonly ttlDays: number;
  private readonly accessTtlSeconds: number;

  constructor(
    @inject(PG_POOL) private readonly pool: pg.Pool,
    @inject(CONFIG) config: Config,
  ) {
    this.ttlDays = config.REFRESH_TOKEN_TTL_DAYS;
    this.accessTtlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(userId: string): Promise<{ refreshToken: string; sessionId: string }> {
    const sessionId = randomUUID();
    return { refreshToken: await this.insert(this.pool, userId, sessionId), sessionId };
  }

  rotate(token: string): Promise<RefreshUse> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{
        id: string;
        user_id: string;
        family_id: string;
        rotated_at: Date | null;
        live: boolean;
      }>(
        `SELECT t.id, t.user_id, t.family_id, t.rotated_at,
                (t.revoked_at IS NULL AND t.expires_at > now() AND u.deleted_at IS NULL) AS live
         FROM refresh_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hashOf(token)],
      );
      const row = rows[0];
      if (!row) return { kind: 'invalid' };
      if (row.rotated_at) {
        // Presented again after rotation: someone holds a copy. End the whole session family.
        await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
          row.family_id,
        ]);
        return { kind: 'reused', userId: row.user_id, sessionId: row.family_id };
      }
      if (!row.live) return { kind: 'invalid' };
      await tx.query('UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1', [row.id]);
      const next = await this.insert(tx, row.user_id, row.family_id);
      return { kind: 'rotated', userId: row.user_id, sessionId: row.family_id, refreshToken: next };
    });
  }

  async revokeFamily(token: string): Promise<SessionRef | undefined> {
    const { rows } = await this.pool.query<{ user_id: string; family_id: string }>(
      `WITH family AS (SELECT user_id, family_id FROM refresh_tokens WHERE token_hash = $1),
       revoked AS (
         UPDATE refresh_tokens t SET revoked_at = now()
         FROM family f WHERE t.family_id = f.family_id AND t.revoked_at IS NULL)
       SELECT user_id, family_id FROM family`,
      [hashOf(token)],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, sessionId: row.family_id } : undefined;
  }

  async revokeAll(userId: string): Promise<string[]> {
    // Families revoked within an access token's lifetime may still have live access tokens too.
    const { rows } = await this.pool.query<{ family_id: string }>(
      `WITH touched AS (
         UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, now())
         WHERE user_id = $1 AND (revoked_at IS NULL OR revoked_at > now() - make_interval(secs => $2))
         RETURNING family_id)
       SELECT DISTINCT family_id FROM touched`,
      [userId, this.accessTtlSeconds],
    );
    return rows.map((row) => row.family_id);
  }

  private async insert(db: Pick<pg.PoolClient, 'query'>, userId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.query(
      `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5))`,
      [randomUUID(), userId, familyId, hashOf(token), this.ttlDays],
    );
    return token;
  }
}

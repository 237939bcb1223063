import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { CONFIG, type Config } from '../../../config';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { RefreshTokenStore, RefreshUse } from '../application/ports';

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Refresh tokens in PostgreSQL: only their sha256 is stored; 256 random bits each. */
@injectable()
export class PgRefreshTokenStore implements RefreshTokenStore {
  private readonly ttlDays: number;

  constructor(
    @inject(PG_POOL) private readonly pool: pg.Pool,
    @inject(CONFIG) config: Config,
  ) {
    this.ttlDays = config.REFRESH_TOKEN_TTL_DAYS;
  }

  issue(userId: string): Promise<string> {
    return this.insert(this.pool, userId, randomUUID());
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
        return { kind: 'reused' };
      }
      if (!row.live) return { kind: 'invalid' };
      await tx.query('UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1', [row.id]);
      const next = await this.insert(tx, row.user_id, row.family_id);
      return { kind: 'rotated', userId: row.user_id, refreshToken: next };
    });
  }

  async revokeFamily(token: string): Promise<void> {
    await this.pool.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashOf(token)],
    );
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

import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { GraphProjectionStore } from '../application/ports';
import type { AnalyticsUser, FriendPairState } from '../domain/projections';

type Tx = Pick<pg.PoolClient, 'query'>;

/**
 * `analytics_users` and `analytics_friend_pairs` with exact counters of live users and friendships
 * (`analytics_counters`), changed in the transaction that flips a user or a pair. A pair write first
 * share-locks its users' rows, so it cannot interleave with a deletion of one of them.
 */
@injectable()
export class PgGraphProjection implements GraphProjectionStore {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  userRegistered(userId: string, day: string, version: number): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ inserted: boolean }>(
        `INSERT INTO analytics_users (user_id, registered_day, deleted, version) VALUES ($1, $2, false, $3)
         ON CONFLICT (user_id) DO UPDATE
           SET registered_day = coalesce(analytics_users.registered_day, EXCLUDED.registered_day),
               version = greatest(analytics_users.version, EXCLUDED.version)
         RETURNING (xmax = 0) AS inserted`,
        [userId, day, version],
      );
      if (rows[0]?.inserted) await count(tx, { users: 1 });
    });
  }

  userDeleted(userId: string, version: number): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ inserted: boolean }>(
        `INSERT INTO analytics_users (user_id, registered_day, deleted, version) VALUES ($1, NULL, true, $2)
         ON CONFLICT (user_id) DO UPDATE SET deleted = true, version = greatest(analytics_users.version, $2)
           WHERE NOT analytics_users.deleted
         RETURNING (xmax = 0) AS inserted`,
        [userId, version],
      );
      const ended = await endFriendshipsOf(tx, userId);
      await count(tx, { users: rows[0] && !rows[0].inserted ? -1 : 0, friendships: -ended });
    });
  }

  pairChanged(pair: FriendPairState): Promise<void> {
    return withTransaction(this.pool, (tx) => writePair(tx, pair, (held) => held < pair.version));
  }

  overwritePair(pair: FriendPairState): Promise<void> {
    return withTransaction(this.pool, (tx) => writePair(tx, pair, (held) => held <= pair.version));
  }

  overwriteUser(user: AnalyticsUser): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ deleted: boolean; version: number }>(
        'SELECT deleted, version FROM analytics_users WHERE user_id = $1 FOR UPDATE',
        [user.userId],
      );
      const held = rows[0];
      if (held && held.version > user.version) return;
      await tx.query(
        `INSERT INTO analytics_users (user_id, registered_day, deleted, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET registered_day = $2, deleted = $3, version = $4`,
        [user.userId, user.registeredDay, user.deleted, user.version],
      );
      const wasLive = held !== undefined && !held.deleted;
      const ended = user.deleted ? await endFriendshipsOf(tx, user.userId) : 0;
      const users = wasLive === !user.deleted ? 0 : user.deleted ? -1 : 1;
      await count(tx, { users, friendships: -ended });
    });
  }

  forgetUser(userId: string): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ deleted: boolean }>(
        'DELETE FROM analytics_users WHERE user_id = $1 RETURNING deleted',
        [userId],
      );
      if (rows[0] && !rows[0].deleted) await count(tx, { users: -1 });
    });
  }

  forgetPair(lo: string, hi: string): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ friends: boolean }>(
        'DELETE FROM analytics_friend_pairs WHERE lo = $1 AND hi = $2 RETURNING friends',
        [lo, hi],
      );
      if (rows[0]?.friends) await count(tx, { friendships: -1 });
    });
  }
}

/** Writes the pair if `applies(heldVersion)`; friends only while neither user is deleted. */
async function writePair(tx: Tx, pair: FriendPairState, applies: (held: number) => boolean): Promise<void> {
  // Lock both users' rows (deleted or not): a concurrent deletion either finished first (seen here)
  // or waits for this transaction and then ends the friendship written here.
  const { rows: users } = await tx.query<{ deleted: boolean }>(
    'SELECT deleted FROM analytics_users WHERE user_id IN ($1, $2) ORDER BY user_id FOR SHARE',
    [pair.lo, pair.hi],
  );
  const { rows } = await tx.query<{ friends: boolean; version: number }>(
    'SELECT friends, version FROM analytics_friend_pairs WHERE lo = $1 AND hi = $2 FOR UPDATE',
    [pair.lo, pair.hi],
  );
  const held = rows[0];
  if (held && !applies(held.version)) return;
  const friends = pair.friends && !users.some((user) => user.deleted);
  await tx.query(
    `INSERT INTO analytics_friend_pairs (lo, hi, friends, version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (lo, hi) DO UPDATE SET friends = $3, version = $4`,
    [pair.lo, pair.hi, friends, pair.version],
  );
  const before = held?.friends ?? false;
  if (before !== friends) await count(tx, { friendships: friends ? 1 : -1 });
}

/** Ends every friendship of a deleted user; returns how many ended. */
async function endFriendshipsOf(tx: Tx, userId: string): Promise<number> {
  const ended = await tx.query(
    'UPDATE analytics_friend_pairs SET friends = false WHERE (lo = $1 OR hi = $1) AND friends',
    [userId],
  );
  return ended.rowCount ?? 0;
}

/**
 * Moves the counters (the last write of every transaction, so row locks are always taken in the
 * same order); a move of either is also a graph change. No move, no write.
 */
async function count(tx: Tx, delta: { users?: number; friendships?: number }): Promise<void> {
  const [users, friendships] = [delta.users ?? 0, delta.friendships ?? 0];
  if (users === 0 && friendships === 0) return;
  await tx.query(
    `UPDATE analytics_counters
     SET users = users + $1, friendships = friendships + $2, graph_changes = graph_changes + 1 WHERE id = 1`,
    [users, friendships],
  );
}

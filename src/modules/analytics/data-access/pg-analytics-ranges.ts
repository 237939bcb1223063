import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import type { AnalyticsRanges, IdRange, Keyed } from '../application/reconciliation-ports';
import type { AnalyticsUser, FriendPairState, MessageFact } from '../domain/projections';

interface FactRow {
  message_id: string;
  chat_id: string;
  sender_id: string;
  day: string;
}
interface UserRow {
  user_id: string;
  registered_day: string | null;
  deleted: boolean;
  version: number;
}
interface PairRow {
  lo: string;
  hi: string;
  friends: boolean;
  version: number;
}

const FACTS = `SELECT message_id, chat_id, sender_id, to_char(day, 'YYYY-MM-DD') AS day FROM analytics_message_facts`;
const USERS = `SELECT user_id, to_char(registered_day, 'YYYY-MM-DD') AS registered_day, deleted, version FROM analytics_users`;
const PAIRS = 'SELECT lo, hi, friends, version FROM analytics_friend_pairs';

const toFact = (row: FactRow): Keyed<MessageFact> => ({
  id: row.message_id,
  messageId: row.message_id,
  chatId: row.chat_id,
  senderId: row.sender_id,
  day: row.day,
});
const toUser = (row: UserRow): Keyed<AnalyticsUser> => ({
  id: row.user_id,
  userId: row.user_id,
  registeredDay: row.registered_day,
  deleted: row.deleted,
  version: row.version,
});
const toPair = (row: PairRow): Keyed<FriendPairState> => ({ id: `${row.lo}:${row.hi}`, ...row });

/** A pair key "lo:hi" as its two ids (empty strings for a malformed key, which match nothing). */
function split(key: string | undefined): [string | null, string | null] {
  if (key === undefined) return [null, null];
  const [lo = '', hi = ''] = key.split(':');
  return [lo, hi];
}

/** The analytics projections by id range, in the order reconciliation walks the owners. */
@injectable()
export class PgAnalyticsRanges implements AnalyticsRanges {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async facts(range: IdRange, within?: readonly string[]): Promise<Keyed<MessageFact>[]> {
    const { rows } = await this.pool.query<FactRow>(
      `${FACTS} WHERE ($1::uuid IS NULL OR message_id > $1::uuid) AND ($2::uuid IS NULL OR message_id <= $2::uuid)
         AND ($3::uuid[] IS NULL OR chat_id = ANY($3::uuid[])) ORDER BY message_id`,
      [range.after ?? null, range.upTo ?? null, within ? [...within] : null],
    );
    return rows.map(toFact);
  }

  async factsByIds(ids: readonly string[]): Promise<Keyed<MessageFact>[]> {
    const { rows } = await this.pool.query<FactRow>(`${FACTS} WHERE message_id = ANY($1::uuid[])`, [[...ids]]);
    return rows.map(toFact);
  }

  async users(range: IdRange, within?: readonly string[]): Promise<Keyed<AnalyticsUser>[]> {
    const { rows } = await this.pool.query<UserRow>(
      `${USERS} WHERE ($1::uuid IS NULL OR user_id > $1::uuid) AND ($2::uuid IS NULL OR user_id <= $2::uuid)
         AND ($3::uuid[] IS NULL OR user_id = ANY($3::uuid[])) ORDER BY user_id`,
      [range.after ?? null, range.upTo ?? null, within ? [...within] : null],
    );
    return rows.map(toUser);
  }

  async usersByIds(ids: readonly string[]): Promise<Keyed<AnalyticsUser>[]> {
    const { rows } = await this.pool.query<UserRow>(`${USERS} WHERE user_id = ANY($1::uuid[])`, [[...ids]]);
    return rows.map(toUser);
  }

  async friendships(range: IdRange, within?: readonly string[]): Promise<Keyed<FriendPairState>[]> {
    const [afterLo, afterHi] = split(range.after);
    const [upToLo, upToHi] = split(range.upTo);
    const { rows } = await this.pool.query<PairRow>(
      `${PAIRS} WHERE friends
         AND ($1::uuid IS NULL OR (lo, hi) > ($1::uuid, $2::uuid))
         AND ($3::uuid IS NULL OR (lo, hi) <= ($3::uuid, $4::uuid))
         AND ($5::uuid[] IS NULL OR lo = ANY($5::uuid[]) OR hi = ANY($5::uuid[]))
       ORDER BY lo, hi`,
      [afterLo, afterHi, upToLo, upToHi, within ? [...within] : null],
    );
    return rows.map(toPair);
  }

  async friendshipsByIds(keys: readonly string[]): Promise<Keyed<FriendPairState>[]> {
    const pairs = keys.map((key) => split(key));
    const { rows } = await this.pool.query<PairRow>(
      `${PAIRS} WHERE friends AND (lo, hi) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [pairs.map(([lo]) => lo), pairs.map(([, hi]) => hi)],
    );
    return rows.map(toPair);
  }
}

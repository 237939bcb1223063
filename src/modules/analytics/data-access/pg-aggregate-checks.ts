import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { AggregateChecks, AggregateDrift, AggregateKind } from '../application/reconciliation-ports';

type Tx = Pick<pg.PoolClient, 'query'>;

/**
 * For each aggregate: the rows its facts add up to (`expected`) and the rows stored (`held`), both
 * as (key, n) and narrowed by `$1` (chat ids for chat-days, user ids for active users; NULL = all).
 */
const SOURCES: Record<AggregateKind, { expected: string; held: string }> = {
  'chat-days': {
    expected: `SELECT chat_id || ':' || to_char(day, 'YYYY-MM-DD') AS key, count(*) AS n FROM analytics_message_facts
               WHERE $1::uuid[] IS NULL OR chat_id = ANY($1::uuid[]) GROUP BY chat_id, day`,
    held: `SELECT chat_id || ':' || to_char(day, 'YYYY-MM-DD') AS key, count AS n FROM message_counts_daily
           WHERE $1::uuid[] IS NULL OR chat_id = ANY($1::uuid[])`,
  },
  'active-users': {
    expected: `SELECT 'day:' || to_char(day, 'YYYY-MM-DD') || ':' || sender_id AS key, count(*) AS n
               FROM analytics_message_facts WHERE $1::uuid[] IS NULL OR sender_id = ANY($1::uuid[])
               GROUP BY day, sender_id
               UNION ALL
               SELECT 'month:' || to_char(date_trunc('month', day), 'YYYY-MM') || ':' || sender_id, count(*)
               FROM analytics_message_facts WHERE $1::uuid[] IS NULL OR sender_id = ANY($1::uuid[])
               GROUP BY date_trunc('month', day), sender_id`,
    held: `SELECT 'day:' || to_char(day, 'YYYY-MM-DD') || ':' || user_id AS key, messages AS n
           FROM analytics_active_users_daily WHERE $1::uuid[] IS NULL OR user_id = ANY($1::uuid[])
           UNION ALL
           SELECT 'month:' || to_char(month, 'YYYY-MM') || ':' || user_id, messages
           FROM analytics_active_users_monthly WHERE $1::uuid[] IS NULL OR user_id = ANY($1::uuid[])`,
  },
  counters: {
    expected: `SELECT 'users' AS key, count(*) AS n FROM analytics_users WHERE NOT deleted AND $1::uuid[] IS NULL
               UNION ALL SELECT 'friendships', count(*) FROM analytics_friend_pairs WHERE friends AND $1::uuid[] IS NULL`,
    held: `SELECT 'users' AS key, users AS n FROM analytics_counters WHERE $1::uuid[] IS NULL
           UNION ALL SELECT 'friendships', friendships FROM analytics_counters WHERE $1::uuid[] IS NULL`,
  },
};

/** Aggregates checked against, and rebuilt from, the facts they are counted from (in SQL). */
@injectable()
export class PgAggregateChecks implements AggregateChecks {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async check(
    kind: AggregateKind,
    within?: readonly string[],
  ): Promise<{ expected: number; held: number; drift: AggregateDrift[] }> {
    const { expected, held } = SOURCES[kind];
    const scope = [within ? [...within] : null];
    const totals = await this.pool.query<{ expected: string; held: string }>(
      `SELECT (SELECT count(*) FROM (${expected}) e) AS expected, (SELECT count(*) FROM (${held}) h) AS held`,
      scope,
    );
    const { rows } = await this.pool.query<{ key: string; expected: string | null; held: string | null }>(
      `SELECT coalesce(e.key, h.key) AS key, e.n AS expected, h.n AS held
       FROM (${expected}) e FULL JOIN (${held}) h ON e.key = h.key
       WHERE e.n IS DISTINCT FROM h.n ORDER BY 1`,
      scope,
    );
    return {
      expected: Number(totals.rows[0]?.expected ?? 0),
      held: Number(totals.rows[0]?.held ?? 0),
      drift: rows.map((row) => ({ key: row.key, expected: toNumber(row.expected), held: toNumber(row.held) })),
    };
  }

  rebuild(kind: AggregateKind, keys: readonly string[] | undefined, within?: readonly string[]): Promise<number> {
    return withTransaction(this.pool, async (tx) => {
      if (kind === 'counters') return rebuildCounters(tx);
      if (kind === 'chat-days') return rebuildChatDays(tx, keys, within);
      return (await rebuildActive(tx, 'day', keys, within)) + (await rebuildActive(tx, 'month', keys, within));
    });
  }
}

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

async function rebuildCounters(tx: Tx): Promise<number> {
  await tx.query(
    `UPDATE analytics_counters SET
       users = (SELECT count(*) FROM analytics_users WHERE NOT deleted),
       friendships = (SELECT count(*) FROM analytics_friend_pairs WHERE friends),
       graph_changes = graph_changes + 1
     WHERE id = 1`,
  );
  return 2;
}

/** Keys "chatId:YYYY-MM-DD" (or every row of the `within` chats) recounted from the facts. */
async function rebuildChatDays(
  tx: Tx,
  keys: readonly string[] | undefined,
  within?: readonly string[],
): Promise<number> {
  const chats = keys?.map((key) => key.slice(0, key.lastIndexOf(':'))) ?? null;
  const days = keys?.map((key) => key.slice(key.lastIndexOf(':') + 1)) ?? null;
  const scope = `($1::uuid[] IS NULL OR (chat_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[])))
                 AND ($3::uuid[] IS NULL OR chat_id = ANY($3::uuid[]))`;
  const params = [chats, days, within ? [...within] : null];
  await tx.query(`DELETE FROM message_counts_daily WHERE ${scope}`, params);
  const inserted = await tx.query(
    `INSERT INTO message_counts_daily (chat_id, day, count)
     SELECT chat_id, day, count(*) FROM analytics_message_facts WHERE ${scope} GROUP BY chat_id, day`,
    params,
  );
  return keys?.length ?? inserted.rowCount ?? 0;
}

/** Keys "day:YYYY-MM-DD:userId" / "month:YYYY-MM:userId" (or every row of the `within` users) recounted. */
async function rebuildActive(
  tx: Tx,
  period: 'day' | 'month',
  keys: readonly string[] | undefined,
  within?: readonly string[],
): Promise<number> {
  const mine = keys?.filter((key) => key.startsWith(`${period}:`)).map((key) => key.split(':'));
  if (mine && mine.length === 0) return 0;
  const table = period === 'day' ? 'analytics_active_users_daily' : 'analytics_active_users_monthly';
  const bucket = period === 'day' ? 'day' : "date_trunc('month', day)::date";
  const starts = mine?.map(([, value = '']) => (period === 'day' ? value : `${value}-01`)) ?? null;
  const users = mine?.map(([, , user = '']) => user) ?? null;
  const params = [starts, users, within ? [...within] : null];
  await tx.query(
    `DELETE FROM ${table} WHERE ($1::date[] IS NULL OR (${period}, user_id) IN (SELECT * FROM unnest($1::date[], $2::uuid[])))
       AND ($3::uuid[] IS NULL OR user_id = ANY($3::uuid[]))`,
    params,
  );
  const inserted = await tx.query(
    `INSERT INTO ${table} (${period}, user_id, messages)
     SELECT ${bucket}, sender_id, count(*) FROM analytics_message_facts
     WHERE ($1::date[] IS NULL OR (${bucket}, sender_id) IN (SELECT * FROM unnest($1::date[], $2::uuid[])))
       AND ($3::uuid[] IS NULL OR sender_id = ANY($3::uuid[]))
     GROUP BY ${bucket}, sender_id`,
    params,
  );
  return mine?.length ?? inserted.rowCount ?? 0;
}

import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { MessageActivityStore } from '../application/ports';
import type { MessageFact } from '../domain/projections';

type Tx = Pick<pg.PoolClient, 'query'>;

interface FactRow {
  chat_id: string;
  sender_id: string;
  day: string;
}

/**
 * `analytics_message_facts` and the aggregates counted from it (`message_counts_daily`, active users
 * per day and month). The fact row is the dedupe key: inserting it and bumping the aggregates commit
 * together, and concurrent deliveries of one message serialise on its primary key.
 */
@injectable()
export class PgMessageActivity implements MessageActivityStore {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  record(fact: MessageFact): Promise<boolean> {
    return withTransaction(this.pool, async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO analytics_message_facts (message_id, chat_id, sender_id, day) VALUES ($1, $2, $3, $4)
         ON CONFLICT (message_id) DO NOTHING`,
        [fact.messageId, fact.chatId, fact.senderId, fact.day],
      );
      if (inserted.rowCount === 0) return false;
      await adjust(tx, fact, 1);
      return true;
    });
  }

  async recordMany(facts: readonly MessageFact[]): Promise<number> {
    if (facts.length === 0) return 0;
    // One statement: the facts new to the table (the dedupe), then every aggregate bumped by the
    // new facts' counts per key, in key order (concurrent batches lock rows in the same order).
    const { rows } = await this.pool.query<{ n: string }>(
      `WITH input AS (
         SELECT DISTINCT ON (message_id) message_id, chat_id, sender_id, day
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[]) AS t(message_id, chat_id, sender_id, day)
         ORDER BY message_id
       ), fresh AS (
         INSERT INTO analytics_message_facts (message_id, chat_id, sender_id, day)
         SELECT message_id, chat_id, sender_id, day FROM input
         ON CONFLICT (message_id) DO NOTHING
         RETURNING chat_id, sender_id, day
       ), counts AS (
         INSERT INTO message_counts_daily (chat_id, day, count)
         SELECT chat_id, day, count(*) FROM fresh GROUP BY chat_id, day ORDER BY chat_id, day
         ON CONFLICT (chat_id, day) DO UPDATE SET count = message_counts_daily.count + EXCLUDED.count
       ), daily AS (
         INSERT INTO analytics_active_users_daily (day, user_id, messages)
         SELECT day, sender_id, count(*) FROM fresh GROUP BY day, sender_id ORDER BY day, sender_id
         ON CONFLICT (day, user_id) DO UPDATE SET messages = analytics_active_users_daily.messages + EXCLUDED.messages
       ), monthly AS (
         INSERT INTO analytics_active_users_monthly (month, user_id, messages)
         SELECT date_trunc('month', day)::date AS month, sender_id, count(*) FROM fresh
         GROUP BY 1, sender_id ORDER BY 1, sender_id
         ON CONFLICT (month, user_id)
           DO UPDATE SET messages = analytics_active_users_monthly.messages + EXCLUDED.messages
       )
       SELECT count(*) AS n FROM fresh`,
      [
        facts.map((fact) => fact.messageId),
        facts.map((fact) => fact.chatId),
        facts.map((fact) => fact.senderId),
        facts.map((fact) => fact.day),
      ],
    );
    return Number(rows[0]?.n ?? 0);
  }

  overwrite(fact: MessageFact): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<FactRow>(
        `SELECT chat_id, sender_id, to_char(day, 'YYYY-MM-DD') AS day FROM analytics_message_facts
         WHERE message_id = $1 FOR UPDATE`,
        [fact.messageId],
      );
      const held = rows[0];
      if (held && held.chat_id === fact.chatId && held.sender_id === fact.senderId && held.day === fact.day) return;
      if (held)
        await adjust(
          tx,
          { messageId: fact.messageId, chatId: held.chat_id, senderId: held.sender_id, day: held.day },
          -1,
        );
      await tx.query(
        `INSERT INTO analytics_message_facts (message_id, chat_id, sender_id, day) VALUES ($1, $2, $3, $4)
         ON CONFLICT (message_id) DO UPDATE SET chat_id = $2, sender_id = $3, day = $4`,
        [fact.messageId, fact.chatId, fact.senderId, fact.day],
      );
      await adjust(tx, fact, 1);
    });
  }

  async overwriteMany(facts: readonly MessageFact[]): Promise<void> {
    const input = new Map(facts.map((fact) => [fact.messageId, fact]));
    if (input.size === 0) return;
    await withTransaction(this.pool, async (tx) => {
      // The facts held for these messages, locked in id order (as every writer locks them).
      const { rows } = await tx.query<FactRow & { message_id: string }>(
        `SELECT message_id, chat_id, sender_id, to_char(day, 'YYYY-MM-DD') AS day FROM analytics_message_facts
         WHERE message_id = ANY($1::uuid[]) ORDER BY message_id FOR UPDATE`,
        [[...input.keys()]],
      );
      const held = new Map(rows.map((row) => [row.message_id, row]));
      const added: MessageFact[] = [];
      const moved: MessageFact[] = [];
      const deltas: [MessageFact, 1 | -1][] = [];
      for (const fact of input.values()) {
        const row = held.get(fact.messageId);
        if (!row) added.push(fact);
        else if (row.chat_id !== fact.chatId || row.sender_id !== fact.senderId || row.day !== fact.day) {
          moved.push(fact);
          deltas.push([{ messageId: fact.messageId, chatId: row.chat_id, senderId: row.sender_id, day: row.day }, -1]);
          deltas.push([fact, 1]);
        }
      }
      if (added.length > 0) {
        // Only what this statement inserts counts: a delivery that committed one meanwhile counted it.
        const { rows: inserted } = await tx.query<{ message_id: string }>(
          `INSERT INTO analytics_message_facts (message_id, chat_id, sender_id, day)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[]) ORDER BY 1
           ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
          factColumns(added),
        );
        const fresh = new Set(inserted.map((row) => row.message_id));
        for (const fact of added) if (fresh.has(fact.messageId)) deltas.push([fact, 1]);
      }
      if (moved.length > 0)
        await tx.query(
          `UPDATE analytics_message_facts AS f SET chat_id = t.chat_id, sender_id = t.sender_id, day = t.day
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[]) AS t(message_id, chat_id, sender_id, day)
           WHERE f.message_id = t.message_id`,
          factColumns(moved),
        );
      await adjustMany(tx, deltas);
    });
  }

  forget(messageId: string): Promise<void> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<FactRow>(
        `DELETE FROM analytics_message_facts WHERE message_id = $1
         RETURNING chat_id, sender_id, to_char(day, 'YYYY-MM-DD') AS day`,
        [messageId],
      );
      const held = rows[0];
      if (held) await adjust(tx, { messageId, chatId: held.chat_id, senderId: held.sender_id, day: held.day }, -1);
    });
  }
}

/** The columns of facts as arrays, for `unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[])`. */
function factColumns(facts: readonly MessageFact[]): string[][] {
  return [
    facts.map((fact) => fact.messageId),
    facts.map((fact) => fact.chatId),
    facts.map((fact) => fact.senderId),
    facts.map((fact) => fact.day),
  ];
}

/** Sums deltas per key of one aggregate, in key order (concurrent writers lock rows in the same order). */
function sumBy(deltas: readonly [MessageFact, number][], key: (fact: MessageFact) => [string, string]): string[][] {
  const sums = new Map<string, { key: [string, string]; sum: number }>();
  for (const [fact, delta] of deltas) {
    const parts = key(fact);
    const joined = parts.join('|');
    const entry = sums.get(joined) ?? { key: parts, sum: 0 };
    entry.sum += delta;
    sums.set(joined, entry);
  }
  const sorted = [...sums.values()]
    .filter((entry) => entry.sum !== 0)
    .sort((a, b) => (a.key.join('|') < b.key.join('|') ? -1 : 1));
  return [
    sorted.map((entry) => entry.key[0]),
    sorted.map((entry) => entry.key[1]),
    sorted.map((entry) => String(entry.sum)),
  ];
}

/** `adjust` for many facts: one upsert per aggregate with the summed deltas, then rows at zero go. */
async function adjustMany(tx: Tx, deltas: readonly [MessageFact, 1 | -1][]): Promise<void> {
  if (deltas.length === 0) return;
  const month = (day: string): string => `${day.slice(0, 7)}-01`;
  const counts = sumBy(deltas, (fact) => [fact.chatId, fact.day]);
  const daily = sumBy(deltas, (fact) => [fact.day, fact.senderId]);
  const monthly = sumBy(deltas, (fact) => [month(fact.day), fact.senderId]);
  await tx.query(
    `INSERT INTO message_counts_daily (chat_id, day, count)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::bigint[])
     ON CONFLICT (chat_id, day) DO UPDATE SET count = message_counts_daily.count + EXCLUDED.count`,
    counts,
  );
  await tx.query(
    `INSERT INTO analytics_active_users_daily (day, user_id, messages)
     SELECT * FROM unnest($1::date[], $2::uuid[], $3::bigint[])
     ON CONFLICT (day, user_id) DO UPDATE SET messages = analytics_active_users_daily.messages + EXCLUDED.messages`,
    daily,
  );
  await tx.query(
    `INSERT INTO analytics_active_users_monthly (month, user_id, messages)
     SELECT * FROM unnest($1::date[], $2::uuid[], $3::bigint[])
     ON CONFLICT (month, user_id) DO UPDATE SET messages = analytics_active_users_monthly.messages + EXCLUDED.messages`,
    monthly,
  );
  if (!deltas.some(([, delta]) => delta < 0)) return;
  await tx.query(
    `DELETE FROM message_counts_daily WHERE (chat_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[])) AND count <= 0`,
    counts.slice(0, 2),
  );
  await tx.query(
    `DELETE FROM analytics_active_users_daily
     WHERE (day, user_id) IN (SELECT * FROM unnest($1::date[], $2::uuid[])) AND messages <= 0`,
    daily.slice(0, 2),
  );
  await tx.query(
    `DELETE FROM analytics_active_users_monthly
     WHERE (month, user_id) IN (SELECT * FROM unnest($1::date[], $2::uuid[])) AND messages <= 0`,
    monthly.slice(0, 2),
  );
}

/** Adds `delta` (±1) to every aggregate the fact counts in; rows that reach zero go. */
async function adjust(tx: Tx, fact: MessageFact, delta: 1 | -1): Promise<void> {
  await tx.query(
    `INSERT INTO message_counts_daily (chat_id, day, count) VALUES ($1, $2, $3)
     ON CONFLICT (chat_id, day) DO UPDATE SET count = message_counts_daily.count + $3`,
    [fact.chatId, fact.day, delta],
  );
  await tx.query(
    `INSERT INTO analytics_active_users_daily (day, user_id, messages) VALUES ($1, $2, $3)
     ON CONFLICT (day, user_id) DO UPDATE SET messages = analytics_active_users_daily.messages + $3`,
    [fact.day, fact.senderId, delta],
  );
  await tx.query(
    `INSERT INTO analytics_active_users_monthly (month, user_id, messages)
     VALUES (date_trunc('month', $1::date)::date, $2, $3)
     ON CONFLICT (month, user_id) DO UPDATE SET messages = analytics_active_users_monthly.messages + $3`,
    [fact.day, fact.senderId, delta],
  );
  if (delta > 0) return;
  await tx.query('DELETE FROM message_counts_daily WHERE chat_id = $1 AND day = $2 AND count <= 0', [
    fact.chatId,
    fact.day,
  ]);
  await tx.query('DELETE FROM analytics_active_users_daily WHERE day = $1 AND user_id = $2 AND messages <= 0', [
    fact.day,
    fact.senderId,
  ]);
  await tx.query(
    `DELETE FROM analytics_active_users_monthly
     WHERE month = date_trunc('month', $1::date)::date AND user_id = $2 AND messages <= 0`,
    [fact.day, fact.senderId],
  );
}

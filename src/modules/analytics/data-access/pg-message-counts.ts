import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL, withTransaction } from '../../../platform/postgres';
import type { CountedMessage, MessageCountStore } from '../application/ports';
import type { DailyMessageCount, DayRange } from '../domain/daily-counts';

interface CountRow {
  chat_id: string;
  day: string;
  count: string;
}

/**
 * `message_counts_daily` in PostgreSQL. The dedupe row in `analytics_processed_events` and the
 * increment commit in one transaction: a redelivered event finds its row and adds nothing, and two
 * concurrent deliveries of one event serialise on that row's primary key.
 */
@injectable()
export class PgMessageCounts implements MessageCountStore {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  countOnce(message: CountedMessage): Promise<boolean> {
    return withTransaction(this.pool, async (tx) => {
      const first = await tx.query(
        `INSERT INTO analytics_processed_events (handler, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [message.handler, message.eventId],
      );
      if (first.rowCount === 0) return false;
      await tx.query(
        `INSERT INTO message_counts_daily (chat_id, day, count) VALUES ($1, $2, 1)
         ON CONFLICT (chat_id, day) DO UPDATE SET count = message_counts_daily.count + 1`,
        [message.chatId, message.day],
      );
      return true;
    });
  }

  async perDay(range: DayRange): Promise<DailyMessageCount[]> {
    const { rows } = await this.pool.query<CountRow>(
      `SELECT chat_id, to_char(day, 'YYYY-MM-DD') AS day, count FROM message_counts_daily
       WHERE day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR chat_id = $3)
       ORDER BY day, chat_id`,
      [range.from, range.to, range.chatId ?? null],
    );
    return rows.map((row) => ({ chatId: row.chat_id, day: row.day, count: Number(row.count) }));
  }
}

import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import type { ActivityReports } from '../application/ports';
import type { DailyMessageCount, DayRange } from '../domain/daily-counts';
import type { Month, ReportRange } from '../domain/report-range';
import type { ChatActivity, DailyValue, MonthlyValue } from '../domain/reports';

interface DayRow {
  day: string;
  count: string;
}

const toDaily = (rows: DayRow[]): DailyValue[] => rows.map((row) => ({ day: row.day, count: Number(row.count) }));

/**
 * The reports, read from the analytics projections only (never the owner stores): index range scans
 * over a capped range of days.
 */
@injectable()
export class PgActivityReports implements ActivityReports {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async perChatDay(range: DayRange): Promise<DailyMessageCount[]> {
    const { rows } = await this.pool.query<DayRow & { chat_id: string }>(
      `SELECT chat_id, to_char(day, 'YYYY-MM-DD') AS day, count FROM message_counts_daily
       WHERE day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR chat_id = $3)
       ORDER BY day, chat_id`,
      [range.from, range.to, range.chatId ?? null],
    );
    return rows.map((row) => ({ chatId: row.chat_id, day: row.day, count: Number(row.count) }));
  }

  async messagesPerDay(range: ReportRange): Promise<DailyValue[]> {
    const { rows } = await this.pool.query<DayRow>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(count) AS count FROM message_counts_daily
       WHERE day BETWEEN $1::date AND $2::date GROUP BY day ORDER BY day`,
      [range.from, range.to],
    );
    return toDaily(rows);
  }

  async activeUsersPerDay(range: ReportRange): Promise<DailyValue[]> {
    const { rows } = await this.pool.query<DayRow>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*) AS count FROM analytics_active_users_daily
       WHERE day BETWEEN $1::date AND $2::date GROUP BY day ORDER BY day`,
      [range.from, range.to],
    );
    return toDaily(rows);
  }

  async activeUsersPerMonth(months: readonly Month[]): Promise<MonthlyValue[]> {
    const { rows } = await this.pool.query<{ month: string; count: string }>(
      `SELECT to_char(month, 'YYYY-MM') AS month, count(*) AS count FROM analytics_active_users_monthly
       WHERE month = ANY($1::date[]) GROUP BY month ORDER BY month`,
      [months.map((month) => `${month}-01`)],
    );
    return rows.map((row) => ({ month: row.month, count: Number(row.count) }));
  }

  async topChats(range: ReportRange, limit: number): Promise<ChatActivity[]> {
    const { rows } = await this.pool.query<{ chat_id: string; messages: string }>(
      `SELECT chat_id, sum(count) AS messages FROM message_counts_daily
       WHERE day BETWEEN $1::date AND $2::date
       GROUP BY chat_id ORDER BY messages DESC, chat_id LIMIT $3`,
      [range.from, range.to, limit],
    );
    return rows.map((row) => ({ chatId: row.chat_id, messages: Number(row.messages) }));
  }

  async newUsersPerDay(range: ReportRange): Promise<DailyValue[]> {
    const { rows } = await this.pool.query<DayRow>(
      `SELECT to_char(registered_day, 'YYYY-MM-DD') AS day, count(*) AS count FROM analytics_users
       WHERE registered_day BETWEEN $1::date AND $2::date GROUP BY registered_day ORDER BY registered_day`,
      [range.from, range.to],
    );
    return toDaily(rows);
  }
}

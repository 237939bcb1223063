import { inject, injectable } from 'inversify';
import { daysOf, reportRangeQuery, type ReportRange } from '../domain/report-range';
import type { DailyValue } from '../domain/reports';
import { ACTIVITY_REPORTS, type ActivityReports } from './ports';

/** Messages sent per UTC day across all chats, every day of the range listed (0 when quiet). */
@injectable()
export class MessagesDaily {
  constructor(@inject(ACTIVITY_REPORTS) private readonly reports: ActivityReports) {}

  async execute(input: ReportRange): Promise<{ days: DailyValue[]; total: number }> {
    const range = reportRangeQuery.parse(input);
    const days = fillDays(range, await this.reports.messagesPerDay(range));
    return { days, total: days.reduce((sum, day) => sum + day.count, 0) };
  }
}

/** Every day of the range with its value, 0 where the projection has no row. */
export function fillDays(range: ReportRange, values: readonly DailyValue[]): DailyValue[] {
  const byDay = new Map(values.map((value) => [value.day, value.count]));
  return daysOf(range).map((day) => ({ day, count: byDay.get(day) ?? 0 }));
}

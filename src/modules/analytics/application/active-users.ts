import { inject, injectable } from 'inversify';
import { monthsOf, reportRangeQuery, type ReportRange } from '../domain/report-range';
import type { DailyValue, MonthlyValue } from '../domain/reports';
import { fillDays } from './messages-daily';
import { ACTIVITY_REPORTS, type ActivityReports } from './ports';

/**
 * Daily active users for every day of the range, and monthly active users for every calendar month
 * the range touches (each counted over its whole month). "Active" is ACTIVE_USER_DEFINITION.
 */
@injectable()
export class ActiveUsers {
  constructor(@inject(ACTIVITY_REPORTS) private readonly reports: ActivityReports) {}

  async execute(input: ReportRange): Promise<{ daily: DailyValue[]; monthly: MonthlyValue[] }> {
    const range = reportRangeQuery.parse(input);
    const months = monthsOf(range);
    const [daily, monthly] = await Promise.all([
      this.reports.activeUsersPerDay(range),
      this.reports.activeUsersPerMonth(months),
    ]);
    const byMonth = new Map(monthly.map((value) => [value.month, value.count]));
    return {
      daily: fillDays(range, daily),
      monthly: months.map((month) => ({ month, count: byMonth.get(month) ?? 0 })),
    };
  }
}

import { inject, injectable } from 'inversify';
import { reportRangeQuery, type ReportRange } from '../domain/report-range';
import type { DailyValue } from '../domain/reports';
import { fillDays } from './messages-daily';
import { ACTIVITY_REPORTS, type ActivityReports } from './ports';

/** Accounts registered per UTC day (later deletions still count: the registration happened). */
@injectable()
export class NewUsersDaily {
  constructor(@inject(ACTIVITY_REPORTS) private readonly reports: ActivityReports) {}

  async execute(input: ReportRange): Promise<{ days: DailyValue[]; total: number }> {
    const range = reportRangeQuery.parse(input);
    const days = fillDays(range, await this.reports.newUsersPerDay(range));
    return { days, total: days.reduce((sum, day) => sum + day.count, 0) };
  }
}

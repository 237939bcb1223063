import { inject, injectable } from 'inversify';
import { dayRangeSchema, type DailyMessageCount, type DayRange } from '../domain/daily-counts';
import { ACTIVITY_REPORTS, type ActivityReports } from './ports';

/**
 * Messages sent per chat and UTC day between `from` and `to` (inclusive), optionally for one chat.
 * A bad range is a validation error naming the field.
 */
@injectable()
export class MessagesPerDay {
  constructor(@inject(ACTIVITY_REPORTS) private readonly reports: ActivityReports) {}

  async execute(range: DayRange): Promise<DailyMessageCount[]> {
    return this.reports.perChatDay(dayRangeSchema.parse(range));
  }
}

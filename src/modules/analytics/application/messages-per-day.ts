import { inject, injectable } from 'inversify';
import { dayRangeSchema, type DailyMessageCount, type DayRange } from '../domain/daily-counts';
import { MESSAGE_COUNT_STORE, type MessageCountStore } from './ports';

/**
 * Messages sent per chat and UTC day between `from` and `to` (inclusive), optionally for one chat.
 * A bad range is a validation error naming the field.
 */
@injectable()
export class MessagesPerDay {
  constructor(@inject(MESSAGE_COUNT_STORE) private readonly counts: MessageCountStore) {}

  async execute(range: DayRange): Promise<DailyMessageCount[]> {
    return this.counts.perDay(dayRangeSchema.parse(range));
  }
}

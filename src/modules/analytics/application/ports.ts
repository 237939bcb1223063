import type { DailyMessageCount, Day, DayRange } from '../domain/daily-counts';

/** One sent message to count, identified by the event that reported it. */
export interface CountedMessage {
  /** The counting handler; dedupe is per handler, so another counter may see the same event. */
  readonly handler: string;
  readonly eventId: string;
  readonly chatId: string;
  readonly day: Day;
}

/** Per-day message counts, each event counted at most once however often it is delivered. */
export interface MessageCountStore {
  /** Adds one to the chat's day unless this handler already counted this event; false if it had. */
  countOnce(message: CountedMessage): Promise<boolean>;
  /** Counts per chat and day in the range (days without messages are absent), by day then chat. */
  perDay(range: DayRange): Promise<DailyMessageCount[]>;
}

export const MESSAGE_COUNT_STORE = Symbol.for('polychat.analytics.MessageCountStore');

export { MessagesPerDay } from './application/messages-per-day';
export { MESSAGE_COUNT_STORE, type MessageCountStore } from './application/ports';
export { CountMessagesPerDayOnMessageSent } from './entry-points/count-messages-per-day-on-message-sent';
export { utcDayOf, type DailyMessageCount, type Day, type DayRange } from './domain/daily-counts';

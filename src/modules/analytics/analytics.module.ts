import { ContainerModule } from 'inversify';
import { STREAM_HANDLER } from '../../platform/kafka';
import { MessagesPerDay } from './application/messages-per-day';
import { MESSAGE_COUNT_STORE } from './application/ports';
import { PgMessageCounts } from './data-access/pg-message-counts';
import { CountMessagesPerDayOnMessageSent } from './entry-points/count-messages-per-day-on-message-sent';

/** Analytics aggregates in PostgreSQL, projected from the event log. So far: messages per chat per day. */
export const analyticsModule = new ContainerModule(({ bind }) => {
  bind(MESSAGE_COUNT_STORE).to(PgMessageCounts);
  bind(MessagesPerDay).toSelf();
  bind(CountMessagesPerDayOnMessageSent).toSelf();
  bind(STREAM_HANDLER).toService(CountMessagesPerDayOnMessageSent);
});

import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { MESSAGES_TOPIC, MessageEventTypes, type MessageSentPayload } from '../../chats';
import { MESSAGE_COUNT_STORE, type MessageCountStore } from '../application/ports';
import { utcDayOf } from '../domain/daily-counts';

const sentPayload = z.object({
  chatId: z.guid(),
  sentAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<Pick<MessageSentPayload, 'chatId' | 'sentAt'>>;

/**
 * Counts each sent message once on its chat's UTC day (of payload.sentAt). Edits and deletions do
 * not change the count: it is the number of messages sent that day.
 */
@injectable()
export class CountMessagesPerDayOnMessageSent implements StreamHandler {
  readonly name = 'analytics.count-messages-per-day';
  readonly topics = [MESSAGES_TOPIC];
  readonly eventTypes = [MessageEventTypes.sent];

  constructor(@inject(MESSAGE_COUNT_STORE) private readonly counts: MessageCountStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== MessageEventTypes.sent) return;
    const payload = sentPayload.parse(event.payload);
    await this.counts.countOnce({
      handler: this.name,
      eventId: event.id,
      chatId: payload.chatId,
      day: utcDayOf(payload.sentAt),
    });
  }
}

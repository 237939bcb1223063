import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { MESSAGES_TOPIC, MessageEventTypes, type MessageSentPayload } from '../../chats';
import { MESSAGE_ACTIVITY_STORE, type MessageActivityStore } from '../application/ports';
import { utcDayOf } from '../domain/daily-counts';
import type { MessageFact } from '../domain/projections';

const sentPayload = z.object({
  messageId: z.guid(),
  chatId: z.guid(),
  senderId: z.guid(),
  sentAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<Pick<MessageSentPayload, 'messageId' | 'chatId' | 'senderId' | 'sentAt'>>;

/**
 * Counts each sent message once (by message id) on its chat's UTC day of payload.sentAt, and marks
 * its sender active that day and month. Edits and deletions change nothing: the counts are of
 * messages sent.
 */
@injectable()
export class CountMessagesPerDayOnMessageSent implements StreamHandler {
  readonly name = 'analytics.count-messages-per-day';
  readonly topics = [MESSAGES_TOPIC];
  readonly eventTypes = [MessageEventTypes.sent];

  constructor(@inject(MESSAGE_ACTIVITY_STORE) private readonly activity: MessageActivityStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type !== MessageEventTypes.sent) return;
    await this.activity.record(factOf(event));
  }

  /** A consumed batch in one statement (facts deduped by message id, aggregates bumped per key). */
  async handleBatch(events: readonly EventEnvelope[]): Promise<void> {
    await this.activity.recordMany(events.filter((event) => event.type === MessageEventTypes.sent).map(factOf));
  }
}

function factOf(event: EventEnvelope): MessageFact {
  const payload = sentPayload.parse(event.payload);
  if (payload.chatId !== event.aggregateId) {
    throw new Error(`${event.type} ${event.id}: payload chatId differs from aggregateId`);
  }
  return {
    messageId: payload.messageId,
    chatId: payload.chatId,
    senderId: payload.senderId,
    day: utcDayOf(payload.sentAt),
  };
}

import { inject, injectable } from 'inversify';
import { messageIdOf } from '../domain/message';
import type { PendingEvent } from '../../../platform/outbox';
import { MessageEventTypes, type MessageDeletedPayload, type MessageSentPayload } from '../domain/events';
import { CHAT_BULK_STORE, type BulkOutcome, type ChatBulkStore, type ImportedMessage } from './bulk-ports';
import { messageEvent, type EventContext } from './event-factory';

/**
 * Appends messages in bulk from a dataset, keeping their ids and seqs: one insert per batch
 * instead of a chat lock and several round trips per message (SendMessage). Each message carries
 * the events sending it (and deleting it, or its reactions) would have emitted, so projections
 * follow. An id already present is left as it is; a taken seq or clientMsgId is refused.
 */
@injectable()
export class ImportMessages {
  constructor(@inject(CHAT_BULK_STORE) private readonly store: ChatBulkStore) {}

  async execute(messages: readonly ImportedMessage[], ctx: EventContext): Promise<BulkOutcome> {
    // A message's id derives from its chat and seq (docs/decisions/0031); any other id is refused.
    const derived = messages.filter((message) => message.id === messageIdOf(message.chatId, message.seq));
    const refused = messages
      .filter((message) => !derived.includes(message))
      .map((message) => ({ id: message.id, reason: 'message_id' as const }));
    if (derived.length === 0) return { created: [], existing: [], conflicts: refused };
    const outcome = await this.store.insertMessages(
      derived.map((record) => ({ record, events: eventsOf(record, ctx) })),
    );
    return { ...outcome, conflicts: [...outcome.conflicts, ...refused] };
  }
}

/** message.sent, then message.reactions_changed and message.deleted where they apply. */
function eventsOf(message: ImportedMessage, ctx: EventContext): PendingEvent[] {
  const { id: messageId, chatId, seq } = message;
  const at = (event: PendingEvent, occurredAt: string): PendingEvent => ({
    ...event,
    envelope: { ...event.envelope, occurredAt },
  });
  const sent: MessageSentPayload = {
    messageId,
    chatId,
    seq,
    senderId: message.senderId,
    body: message.body ?? '',
    mentions: message.mentions,
    replyTo: message.replyTo,
    sentAt: message.createdAt,
  };
  const sender = { ...ctx, actorId: message.senderId };
  const events = [at(messageEvent(MessageEventTypes.sent, message, 1, sent, sender), message.createdAt)];
  if (message.reactions.length > 0) {
    const payload = { messageId, chatId, seq, reactions: message.reactions };
    const event = messageEvent(MessageEventTypes.reactionsChanged, message, events.length + 1, payload, ctx);
    events.push(at(event, message.editedAt ?? message.createdAt));
  }
  if (message.deletedAt) {
    const payload: MessageDeletedPayload = { messageId, chatId, seq, deletedAt: message.deletedAt };
    events.push(
      at(messageEvent(MessageEventTypes.deleted, message, events.length + 1, payload, ctx), message.deletedAt),
    );
  }
  return events;
}

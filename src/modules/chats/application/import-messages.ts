import { inject, injectable } from 'inversify';
import type { OutboxBatchRecovery, PendingEvent } from '../../../platform/outbox';
import { importEventIdOf, messageIdOf } from '../domain/message';
import { MessageEventTypes, type MessageDeletedPayload, type MessageSentPayload } from '../domain/events';
import {
  CHAT_BULK_STORE,
  IMPORT_MESSAGES_BATCH,
  type BulkOutcome,
  type ChatBulkStore,
  type ImportBatchMeta,
  type ImportedMessage,
} from './bulk-ports';
import { messageEvent, type EventContext } from './event-factory';

/**
 * Appends messages in bulk from a dataset, keeping their ids and seqs: one insert per batch
 * instead of a chat lock and several round trips per message (SendMessage). Each message gets
 * the events sending it (and deleting it, or its reactions) would have emitted, so projections
 * follow; the store publishes them a batch at a time (docs/decisions/0035). An id already present
 * is left as it is; a taken seq or clientMsgId is refused.
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
      derived.map((record) => ({ record, events: importedMessageEvents(record, ctx) })),
      { traceId: ctx.traceId ?? '' },
    );
    return { ...outcome, conflicts: [...outcome.conflicts, ...refused] };
  }
}

/**
 * Rebuilds the events of an import batch whose writer died before publishing them, from the
 * messages that are stored (a listed message that is not stored gets none): the same events, ids
 * included, that the import built (importedMessageEvents is a function of the message and the
 * batch's trace id).
 */
@injectable()
export class RecoverImportedMessageEvents implements OutboxBatchRecovery {
  readonly name = IMPORT_MESSAGES_BATCH;

  constructor(@inject(CHAT_BULK_STORE) private readonly store: ChatBulkStore) {}

  async eventsOf(keys: readonly string[], meta: Readonly<Record<string, string>>): Promise<PendingEvent[]> {
    const batch: ImportBatchMeta = { traceId: meta['traceId'] ?? '' };
    const ctx = importEventContext(batch);
    const stored = await this.store.storedMessages(keys);
    const byId = new Map(stored.map((message) => [message.id, message]));
    // In the order the batch listed them, so a chat's events keep their seq order.
    return keys.flatMap((id) => {
      const message = byId.get(id);
      return message ? importedMessageEvents(message, ctx) : [];
    });
  }
}

/** The event context of an import batch (docs/decisions/0030: history, notify nobody). */
export const importEventContext = (batch: ImportBatchMeta): EventContext => ({
  actorId: null,
  traceId: batch.traceId || null,
  metadata: { source: 'import' },
});

/**
 * message.sent, then message.reactions_changed and message.deleted where they apply; each at the
 * time it happened, with an id derived from the message and the event type.
 */
export function importedMessageEvents(message: ImportedMessage, ctx: EventContext): PendingEvent[] {
  const { id: messageId, chatId, seq } = message;
  const at = (event: PendingEvent, occurredAt: string): PendingEvent => ({
    ...event,
    envelope: { ...event.envelope, id: importEventIdOf(messageId, event.envelope.type), occurredAt },
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

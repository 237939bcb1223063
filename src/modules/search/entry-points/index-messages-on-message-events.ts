import { inject, injectable } from 'inversify';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { MESSAGES_TOPIC, MessageEventTypes } from '../../chats';
import {
  MESSAGE_SEARCH_INDEX,
  type IndexedMessage,
  type MessageDeletion,
  type MessageEdit,
  type MessageSearchIndex,
} from '../application/ports';
import { messageDeletedPayload, messageEditedPayload, messageSentPayload } from './message-payloads';

/**
 * Keeps the PostgreSQL search index in step with message events. Order within a message comes from
 * the payload (editedAt, deletion being final), not from the envelope version, which counts the
 * whole chat's stream; every event may arrive more than once.
 */
@injectable()
export class IndexMessagesOnMessageEvents implements StreamHandler {
  readonly name = 'search.index-messages';
  readonly topics = [MESSAGES_TOPIC];
  readonly eventTypes = [MessageEventTypes.sent, MessageEventTypes.edited, MessageEventTypes.deleted];

  constructor(@inject(MESSAGE_SEARCH_INDEX) private readonly index: MessageSearchIndex) {}

  async handle(event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case MessageEventTypes.sent:
        await this.index.indexSent(ofChat(event, messageSentPayload.parse(event.payload)));
        return;
      case MessageEventTypes.edited:
        await this.index.applyEdit(ofChat(event, messageEditedPayload.parse(event.payload)));
        return;
      case MessageEventTypes.deleted:
        await this.index.applyDeletion(ofChat(event, messageDeletedPayload.parse(event.payload)));
        return;
      default:
        return;
    }
  }

  /**
   * A consumed batch in at most three statements: its sends, then its edits, then its deletions.
   * Within one message the order holds (its send precedes its edits and deletion in the partition;
   * an edit applies only when newer, a deletion is final), so grouping changes no outcome.
   */
  async handleBatch(events: readonly EventEnvelope[]): Promise<void> {
    const sent: IndexedMessage[] = [];
    const edits: MessageEdit[] = [];
    const deletions: MessageDeletion[] = [];
    for (const event of events) {
      if (event.type === MessageEventTypes.sent) sent.push(ofChat(event, messageSentPayload.parse(event.payload)));
      else if (event.type === MessageEventTypes.edited)
        edits.push(ofChat(event, messageEditedPayload.parse(event.payload)));
      else if (event.type === MessageEventTypes.deleted)
        deletions.push(ofChat(event, messageDeletedPayload.parse(event.payload)));
    }
    await this.index.indexSentMany(sent);
    await this.index.applyEdits(edits);
    await this.index.applyDeletions(deletions);
  }
}

/** A payload whose chat is not the event's aggregate breaks the contract: it goes to the DLQ. */
function ofChat<P extends { chatId: string }>(event: EventEnvelope, payload: P): P {
  if (payload.chatId !== event.aggregateId) {
    throw new Error(`${event.type} ${event.id}: payload chatId differs from aggregateId`);
  }
  return payload;
}

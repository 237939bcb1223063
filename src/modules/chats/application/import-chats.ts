import { inject, injectable } from 'inversify';
import { ChatEventTypes, type ChatCreatedPayload } from '../domain/events';
import { CHAT_BULK_STORE, type BulkOutcome, type ChatBulkStore, type ChatWithTail } from './bulk-ports';
import { chatEvent, type EventContext } from './event-factory';

/**
 * Creates chats in bulk from a dataset, each with its final members and a chat.created event as
 * creating it would emit, and the tail (last seq, last message) its imported messages give it.
 * An id already present is left as it is; a second direct chat for a pair is refused.
 */
@injectable()
export class ImportChats {
  constructor(@inject(CHAT_BULK_STORE) private readonly store: ChatBulkStore) {}

  execute(chats: readonly ChatWithTail[], ctx: EventContext): Promise<BulkOutcome> {
    if (chats.length === 0) return Promise.resolve({ created: [], existing: [], conflicts: [] });
    return this.store.insertChats(
      chats.map((entry) => {
        const { chat } = entry;
        const payload: ChatCreatedPayload = {
          chatType: chat.type,
          title: chat.title,
          members: chat.members.map(({ userId, role }) => ({ userId, role })),
        };
        const event = chatEvent(ChatEventTypes.created, chat.id, 1, payload, ctx);
        return { record: entry, events: [{ ...event, envelope: { ...event.envelope, occurredAt: chat.createdAt } }] };
      }),
    );
  }

  /** Which of `ids` are stored chats. */
  existing(ids: readonly string[]): Promise<Set<string>> {
    return ids.length === 0 ? Promise.resolve(new Set()) : this.store.existingChatIds(ids);
  }
}

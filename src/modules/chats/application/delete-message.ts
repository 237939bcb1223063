import { inject, injectable } from 'inversify';
import { memberOf } from '../domain/chat';
import { messageEvent } from './event-factory';
import { MessageEventTypes, type MessageDeletedPayload } from '../domain/events';
import { MessageErrors, type Message } from '../domain/message';
import type { Actor } from './context';
import { MESSAGE_STORE, type MessageChange, type MessageStore } from './ports';

/** Deletes a message (its author, or a chat admin/owner): a tombstone keeps the seq, the body goes. */
@injectable()
export class DeleteMessage {
  constructor(@inject(MESSAGE_STORE) private readonly messages: MessageStore) {}

  execute(actor: Actor, chatId: string, messageId: string): Promise<Message> {
    return this.messages.change(chatId, messageId, actor.actorId, (chat, message, members) => {
      const me = memberOf(members, actor.actorId);
      if (!message) throw MessageErrors.notFound();
      if (message.senderId !== actor.actorId && me.role === 'member') throw MessageErrors.cannotDelete();
      return deletion(actor, message);
    });
  }
}

/**
 * The change that turns `message` into a tombstone with its `message.deleted` event, or nothing if
 * it already is one (shared by a member's delete and moderation's removal).
 */
export function deletion(actor: Actor, message: Message): MessageChange {
  if (message.deletedAt) return { events: () => [] };
  const deletedAt = new Date();
  return {
    deletedAt,
    events: (deleted, version) => {
      const payload: MessageDeletedPayload = {
        messageId: message.id,
        chatId: message.chatId,
        seq: deleted.seq,
        deletedAt: deletedAt.toISOString(),
      };
      return [messageEvent(MessageEventTypes.deleted, deleted, version, payload, actor)];
    },
  };
}

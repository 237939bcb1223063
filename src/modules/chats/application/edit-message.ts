import { inject, injectable } from 'inversify';
import { memberOf } from '../domain/chat';
import { messageEvent } from './event-factory';
import { MessageEventTypes, type MessageEditedPayload } from '../domain/events';
import { MessageErrors, type Message } from '../domain/message';
import type { Actor } from './context';
import { MESSAGE_STORE, type MessageStore } from './ports';

/** Edits a message (its author only); the previous body is kept in the message's edit history. */
@injectable()
export class EditMessage {
  constructor(@inject(MESSAGE_STORE) private readonly messages: MessageStore) {}

  execute(actor: Actor, chatId: string, messageId: string, body: string): Promise<Message> {
    return this.messages.change(chatId, messageId, actor.actorId, (chat, message, members) => {
      memberOf(members, actor.actorId);
      if (!message) throw MessageErrors.notFound();
      if (message.senderId !== actor.actorId) throw MessageErrors.notAuthor();
      if (message.deletedAt) throw MessageErrors.deleted();
      const editedAt = new Date();
      return {
        body,
        edit: { body, editedAt },
        events: (edited, version) => {
          const payload: MessageEditedPayload = {
            messageId,
            chatId,
            seq: edited.seq,
            body,
            editedAt: editedAt.toISOString(),
          };
          return [messageEvent(MessageEventTypes.edited, edited, version, payload, actor)];
        },
      };
    });
  }
}

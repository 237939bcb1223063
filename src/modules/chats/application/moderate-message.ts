import { inject, injectable } from 'inversify';
import { AppError } from '../../../platform/errors';
import { messageEvent } from './event-factory';
import { MessageEventTypes, type MessageEditedPayload } from '../domain/events';
import { MessageErrors, type Message } from '../domain/message';
import type { Actor } from './context';
import { deletion } from './delete-message';
import { MESSAGE_STORE, type MessageStore } from './ports';

/**
 * What moderation may do to a message after review (docs/decisions/0038), as a deployment admin who
 * need not be a member: release a held body (a `message.edited` event with `released: true`, so
 * live clients, search and other projections receive it as they receive an edit), or remove the
 * message (a tombstone, as a delete).
 */
export interface MessageModeration {
  /** Puts `body` back on a held message; MESSAGE.CONFLICT when it is no longer held. */
  release(actor: Actor, chatId: string, messageId: string, body: string): Promise<Message>;
  /** Deletes the message (idempotent). */
  remove(actor: Actor, chatId: string, messageId: string): Promise<Message>;
}

export const MESSAGE_MODERATION = Symbol.for('polychat.chats.MessageModeration');

@injectable()
export class ModerateMessage implements MessageModeration {
  constructor(@inject(MESSAGE_STORE) private readonly messages: MessageStore) {}

  release(actor: Actor, chatId: string, messageId: string, body: string): Promise<Message> {
    return this.messages.change(chatId, messageId, actor.actorId, (_chat, message) => {
      if (!message) throw MessageErrors.notFound();
      if (message.deletedAt) throw MessageErrors.deleted();
      if (!message.held) throw new AppError('MESSAGE.CONFLICT', 'the message is not held');
      const releasedAt = new Date().toISOString();
      return {
        body,
        held: false,
        events: (released, version) => {
          const payload: MessageEditedPayload = {
            messageId,
            chatId,
            seq: released.seq,
            body,
            editedAt: releasedAt,
            released: true,
          };
          return [messageEvent(MessageEventTypes.edited, released, version, payload, actor)];
        },
      };
    });
  }

  remove(actor: Actor, chatId: string, messageId: string): Promise<Message> {
    return this.messages.change(chatId, messageId, actor.actorId, (_chat, message) => {
      if (!message) throw MessageErrors.notFound();
      const change = deletion(actor, message);
      return change.deletedAt ? { ...change, held: false } : change;
    });
  }
}

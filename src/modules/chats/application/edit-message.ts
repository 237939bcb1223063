import { inject, injectable, optional } from 'inversify';
import { memberOf } from '../domain/chat';
import { messageEvent } from './event-factory';
import { MessageEventTypes, type MessageEditedPayload } from '../domain/events';
import { MessageErrors, type Message } from '../domain/message';
import type { Actor } from './context';
import { ALLOWED, MESSAGE_SCREEN, type MessageScreen } from './message-screen';
import { MESSAGE_STORE, type MessageStore } from './ports';

/**
 * Edits a message (its author only); the previous body is kept in the message's edit history.
 * Moderation screens the new body first: a held edit withholds the body until approved
 * (docs/decisions/0038).
 */
@injectable()
export class EditMessage {
  constructor(
    @inject(MESSAGE_STORE) private readonly messages: MessageStore,
    @inject(MESSAGE_SCREEN) @optional() private readonly screen?: MessageScreen,
  ) {}

  async execute(actor: Actor, chatId: string, messageId: string, body: string): Promise<Message> {
    const screening = (await this.screen?.screen({ chatId, senderId: actor.actorId, body, kind: 'edit' })) ?? ALLOWED;
    const held = screening.verdict === 'hold';
    return this.messages.change(chatId, messageId, actor.actorId, (chat, message, members) => {
      memberOf(members, actor.actorId);
      if (!message) throw MessageErrors.notFound();
      if (message.senderId !== actor.actorId) throw MessageErrors.notAuthor();
      if (message.deletedAt) throw MessageErrors.deleted();
      const editedAt = new Date();
      return {
        body: held ? null : body,
        ...(held || message.held ? { held } : {}),
        edit: { body, editedAt },
        events: (edited, version) => {
          const payload: MessageEditedPayload = {
            messageId,
            chatId,
            seq: edited.seq,
            body: held ? '' : body,
            editedAt: editedAt.toISOString(),
            ...(screening.facts ? { moderation: screening.facts } : {}),
          };
          return [messageEvent(MessageEventTypes.edited, edited, version, payload, actor)];
        },
      };
    });
  }
}

import { inject, injectable } from 'inversify';
import { memberOf, type Chat } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes } from '../domain/events';
import { MessageErrors } from '../domain/message';
import type { Actor } from './context';
import { CHAT_STORE, type ChatStore } from './ports';

/**
 * Moves the caller's read marker forward (never back); past the last message is a 422. It rewrites
 * the caller's member document only; its event carries the chat's version as it stands.
 */
@injectable()
export class MarkRead {
  constructor(@inject(CHAT_STORE) private readonly chats: ChatStore) {}

  execute(actor: Actor, chatId: string, seq: number): Promise<Chat> {
    return this.chats.moveReadMarker(chatId, actor.actorId, (chat, members) => {
      const me = memberOf(members, actor.actorId);
      if (seq > chat.lastSeq) throw MessageErrors.readBeyondEnd(chat.lastSeq);
      if (seq <= me.lastReadSeq) return undefined;
      return {
        seq,
        events: (version) => [
          chatEvent(ChatEventTypes.readMarkerMoved, chat.id, version, { userId: actor.actorId, seq }, actor),
        ],
      };
    });
  }
}

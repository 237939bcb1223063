import { inject, injectable } from 'inversify';
import { memberOf, type Chat } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes } from '../domain/events';
import { MessageErrors } from '../domain/message';
import type { Actor } from './context';
import { CHAT_STORE, type ChatStore } from './ports';

/** Moves the caller's read marker forward (never back); past the last message is a 422. */
@injectable()
export class MarkRead {
  constructor(@inject(CHAT_STORE) private readonly chats: ChatStore) {}

  execute(actor: Actor, chatId: string, seq: number): Promise<Chat> {
    return this.chats.change(chatId, (chat) => {
      const me = memberOf(chat, actor.actorId);
      if (seq > chat.lastSeq) throw MessageErrors.readBeyondEnd(chat.lastSeq);
      if (seq <= me.lastReadSeq) return undefined;
      return {
        members: chat.members.map((member) => (member === me ? { ...member, lastReadSeq: seq } : member)),
        events: (version) => [
          chatEvent(ChatEventTypes.readMarkerMoved, chat.id, version, { userId: actor.actorId, seq }, actor),
        ],
      };
    });
  }
}

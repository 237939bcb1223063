import { inject, injectable } from 'inversify';
import { ChatErrors, memberOf, requireRole, type Chat } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes } from '../domain/events';
import type { Actor } from './context';
import { CHAT_STORE, type ChatStore } from './ports';

/** Renames a group chat (admins and the owner). */
@injectable()
export class RenameChat {
  constructor(@inject(CHAT_STORE) private readonly chats: ChatStore) {}

  execute(actor: Actor, chatId: string, title: string): Promise<Chat> {
    return this.chats.change(chatId, [actor.actorId], (chat, members) => {
      const me = memberOf(members, actor.actorId);
      if (chat.type !== 'group') throw ChatErrors.notGroup();
      requireRole(me, 'admin', 'rename the chat');
      if (chat.title === title) return undefined;
      return { title, events: (version) => [chatEvent(ChatEventTypes.updated, chat.id, version, { title }, actor)] };
    });
  }
}

import { inject, injectable } from 'inversify';
import { ChatErrors, memberOf, requireRole, type Chat } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes, type MemberRole, type MemberRoleChangedPayload } from '../domain/events';
import type { Actor } from './context';
import { CHAT_STORE, type ChatStore } from './ports';

/** Changes a member's role (the owner only); making someone owner hands ownership over. */
@injectable()
export class ChangeRole {
  constructor(@inject(CHAT_STORE) private readonly chats: ChatStore) {}

  execute(actor: Actor, chatId: string, userId: string, role: MemberRole): Promise<Chat> {
    return this.chats.change(chatId, [actor.actorId, userId], (chat, members) => {
      const me = memberOf(members, actor.actorId);
      if (chat.type !== 'group') throw ChatErrors.notGroup();
      requireRole(me, 'owner', 'change roles');
      const target = members.of(userId);
      if (!target) throw ChatErrors.userNotFound(userId);
      if (target.role === role || userId === actor.actorId) return undefined;
      const changes: MemberRoleChangedPayload[] = [{ userId, role }];
      if (role === 'owner') changes.push({ userId: actor.actorId, role: 'admin' });
      return {
        roles: changes,
        events: (version) =>
          changes.map((change) => chatEvent(ChatEventTypes.memberRoleChanged, chat.id, version, change, actor)),
      };
    });
  }
}

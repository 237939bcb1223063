import { inject, injectable } from 'inversify';
import { ChatErrors, memberOf, nextOwner, requireRole, type Chat, type Member } from '../domain/chat';
import { chatEvent, type EventContext } from './event-factory';
import { ChatEventTypes, type MemberRemovedPayload, type MemberRoleChangedPayload } from '../domain/events';
import type { Actor } from './context';
import { CHAT_STORE, type ChatStore, type ChatChange } from './ports';

/**
 * Removes a member: yourself (leave), a member (admins), an admin (the owner). When the last owner
 * leaves, the longest-standing admin (else member) becomes owner.
 */
@injectable()
export class RemoveMember {
  constructor(@inject(CHAT_STORE) private readonly chats: ChatStore) {}

  execute(actor: Actor, chatId: string, userId: string): Promise<Chat> {
    return this.chats.change(chatId, (chat) => {
      const me = memberOf(chat, actor.actorId);
      if (chat.type !== 'group') throw ChatErrors.notGroup();
      const target = chat.members.find((member) => member.userId === userId);
      if (userId !== actor.actorId) {
        if (!target) throw ChatErrors.userNotFound(userId);
        requireRole(me, target.role === 'member' ? 'admin' : 'owner', `remove a chat ${target.role}`);
      }
      return removal(chat, userId, userId === actor.actorId ? 'left' : 'removed', actor);
    });
  }
}

/** The change that takes `userId` out of `chat`, handing ownership on if needed. */
export function removal(
  chat: Chat,
  userId: string,
  reason: MemberRemovedPayload['reason'],
  ctx: EventContext,
): ChatChange {
  const remaining = chat.members.filter((member) => member.userId !== userId);
  const heir = nextOwner(remaining);
  const members: Member[] = remaining.map((member) => (member === heir ? { ...member, role: 'owner' } : member));
  const removed: MemberRemovedPayload = { userId, reason };
  return {
    members,
    events: (version) => [
      chatEvent(ChatEventTypes.memberRemoved, chat.id, version, removed, ctx),
      ...(heir
        ? [
            chatEvent(
              ChatEventTypes.memberRoleChanged,
              chat.id,
              version,
              { userId: heir.userId, role: 'owner' } satisfies MemberRoleChangedPayload,
              ctx,
            ),
          ]
        : []),
    ],
  };
}

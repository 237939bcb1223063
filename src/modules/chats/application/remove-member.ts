import { inject, injectable } from 'inversify';
import { ChatErrors, memberOf, nextOwner, requireRole, type Chat, type Members } from '../domain/chat';
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
    return this.chats.change(chatId, [actor.actorId, userId], (chat, members) => {
      const me = memberOf(members, actor.actorId);
      if (chat.type !== 'group') throw ChatErrors.notGroup();
      const target = members.of(userId);
      if (userId !== actor.actorId) {
        if (!target) throw ChatErrors.userNotFound(userId);
        requireRole(me, target.role === 'member' ? 'admin' : 'owner', `remove a chat ${target.role}`);
      }
      return removal(chat, members, userId, userId === actor.actorId ? 'left' : 'removed', actor);
    });
  }
}

/**
 * The change that takes `userId` out of `chat`, handing ownership on if needed: only an owner's
 * leaving reads every member (to find the heir); anyone else's is O(1).
 */
export async function removal(
  chat: Chat,
  members: Members,
  userId: string,
  reason: MemberRemovedPayload['reason'],
  ctx: EventContext,
): Promise<ChatChange> {
  const leaving = members.of(userId);
  const heir =
    leaving?.role === 'owner'
      ? nextOwner((await members.all()).filter((member) => member.userId !== userId))
      : undefined;
  const removed: MemberRemovedPayload = { userId, reason };
  return {
    remove: [userId],
    ...(heir ? { roles: [{ userId: heir.userId, role: 'owner' as const }] } : {}),
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

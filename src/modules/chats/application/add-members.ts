import { inject, injectable } from 'inversify';
import { ChatErrors, MAX_GROUP_MEMBERS, memberOf, requireRole, type Chat, type Member } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes, type MembersAddedPayload } from '../domain/events';
import type { Actor } from './context';
import { CHAT_STORE, PROFILE_DIRECTORY, type ChatStore, type ProfileDirectory } from './ports';

/** Adds users to a group chat (admins and the owner); users already in it are left as they are. */
@injectable()
export class AddMembers {
  constructor(
    @inject(CHAT_STORE) private readonly chats: ChatStore,
    @inject(PROFILE_DIRECTORY) private readonly profiles: ProfileDirectory,
  ) {}

  async execute(actor: Actor, chatId: string, userIds: readonly string[]): Promise<Chat> {
    const known = await this.profiles.existing(userIds);
    const unknown = userIds.find((id) => !known.has(id));
    return this.chats.change(chatId, (chat) => {
      const me = memberOf(chat, actor.actorId);
      if (chat.type !== 'group') throw ChatErrors.notGroup();
      requireRole(me, 'admin', 'add members');
      if (unknown) throw ChatErrors.userNotFound(unknown);
      const present = new Set(chat.members.map((member) => member.userId));
      const added = [...new Set(userIds)].filter((id) => !present.has(id));
      if (added.length === 0) return undefined;
      if (chat.members.length + added.length > MAX_GROUP_MEMBERS) throw ChatErrors.tooManyMembers();
      const now = new Date();
      // New members start with everything so far read: their unread count begins at zero.
      const joined = added.map((userId): Member => ({
        userId,
        role: 'member',
        joinedAt: now,
        lastReadSeq: chat.lastSeq,
      }));
      const payload: MembersAddedPayload = { userIds: added };
      return {
        members: [...chat.members, ...joined],
        events: (version) => [chatEvent(ChatEventTypes.membersAdded, chat.id, version, payload, actor)],
      };
    });
  }
}

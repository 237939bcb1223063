import { inject, injectable } from 'inversify';
import { ChatErrors, MAX_GROUP_MEMBERS, memberOf, requireRole, type Chat, type Member } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes, type MembersAddedPayload } from '../domain/events';
import type { Actor } from './context';
import { BLOCK_CHECK, type BlockCheck } from '../../friends';
import { KnownUsers } from './known-users';
import { CHAT_STORE, type ChatStore } from './ports';

/**
 * Adds users to a group chat (admins and the owner); users already in it are left as they are.
 * Nobody is added across a block with the one adding them.
 */
@injectable()
export class AddMembers {
  constructor(
    @inject(CHAT_STORE) private readonly chats: ChatStore,
    @inject(KnownUsers) private readonly users: KnownUsers,
    @inject(BLOCK_CHECK) private readonly blocks: BlockCheck,
  ) {}

  async execute(actor: Actor, chatId: string, userIds: readonly string[]): Promise<Chat> {
    const known = await this.users.existing(userIds);
    const unknown = userIds.find((id) => !known.has(id));
    const blocked = await firstBlocked(this.blocks, actor.actorId, userIds);
    return this.chats.change(chatId, [actor.actorId, ...userIds], (chat, members) => {
      const me = memberOf(members, actor.actorId);
      if (chat.type !== 'group') throw ChatErrors.notGroup();
      requireRole(me, 'admin', 'add members');
      if (unknown) throw ChatErrors.userNotFound(unknown);
      if (blocked) throw ChatErrors.blockedMember('userIds', blocked);
      const added = [...new Set(userIds)].filter((id) => members.of(id) === undefined);
      if (added.length === 0) return undefined;
      if (chat.memberCount + added.length > MAX_GROUP_MEMBERS) throw ChatErrors.tooManyMembers();
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
        join: joined,
        events: (version) => [chatEvent(ChatEventTypes.membersAdded, chat.id, version, payload, actor)],
      };
    });
  }
}

/** The first of `userIds` with a block between them and `actorId`, if any (checked in parallel). */
export async function firstBlocked(
  blocks: BlockCheck,
  actorId: string,
  userIds: readonly string[],
): Promise<string | undefined> {
  const others = userIds.filter((id) => id !== actorId);
  const verdicts = await Promise.all(others.map((id) => blocks.isBlockedBetween(actorId, id)));
  return others.find((_, index) => verdicts[index]);
}

import { inject, injectable } from 'inversify';
import { BLOCK_CHECK, type BlockCheck } from '../../friends';
import { ChatErrors, directKeyOf, MAX_GROUP_MEMBERS, type Member } from '../domain/chat';
import { chatEvent } from './event-factory';
import { ChatEventTypes, type ChatCreatedPayload } from '../domain/events';
import type { Actor } from './context';
import { firstBlocked } from './add-members';
import { KnownUsers } from './known-users';
import { CHAT_STORE, type ChatStore, type ChatSummary, type NewChat } from './ports';

/**
 * Creates a group chat, or finds-or-creates the one direct chat of a pair (also under concurrent
 * creation: the pair key is unique). Chats are refused across a block with the creator.
 */
@injectable()
export class CreateChat {
  constructor(
    @inject(CHAT_STORE) private readonly chats: ChatStore,
    @inject(KnownUsers) private readonly users: KnownUsers,
    @inject(BLOCK_CHECK) private readonly blocks: BlockCheck,
  ) {}

  async direct(actor: Actor, otherUserId: string): Promise<{ summary: ChatSummary; created: boolean }> {
    if (otherUserId === actor.actorId) throw ChatErrors.selfChat();
    if (!(await this.users.existing([otherUserId])).has(otherUserId)) throw ChatErrors.userNotFound(otherUserId);
    if (await this.blocks.isBlockedBetween(actor.actorId, otherUserId)) throw ChatErrors.blocked();
    const now = new Date();
    const members: Member[] = [actor.actorId, otherUserId].map((userId) => ({
      userId,
      role: 'member',
      joinedAt: now,
      lastReadSeq: 0,
    }));
    return this.create(actor, { type: 'direct', title: null, members }, directKeyOf(actor.actorId, otherUserId));
  }

  async group(
    actor: Actor,
    title: string,
    memberIds: readonly string[],
  ): Promise<{ summary: ChatSummary; created: boolean }> {
    const others = [...new Set(memberIds)].filter((id) => id !== actor.actorId);
    if (others.length + 1 > MAX_GROUP_MEMBERS) throw ChatErrors.tooManyMembers();
    const known = await this.users.existing(others);
    const unknown = others.find((id) => !known.has(id));
    if (unknown) throw ChatErrors.userNotFound(unknown);
    const blocked = await firstBlocked(this.blocks, actor.actorId, others);
    if (blocked) throw ChatErrors.blockedMember('memberIds', blocked);
    const now = new Date();
    const members: Member[] = [
      { userId: actor.actorId, role: 'owner', joinedAt: now, lastReadSeq: 0 },
      ...others.map((userId): Member => ({ userId, role: 'member', joinedAt: now, lastReadSeq: 0 })),
    ];
    return this.create(actor, { type: 'group', title, members });
  }

  private async create(
    actor: Actor,
    chat: NewChat,
    directKey?: string,
  ): Promise<{ summary: ChatSummary; created: boolean }> {
    const payload: ChatCreatedPayload = {
      chatType: chat.type,
      title: chat.title,
      members: chat.members.map(({ userId, role }) => ({ userId, role })),
    };
    const { chat: stored, created } = await this.chats.create(
      chat,
      (chatId) => [chatEvent(ChatEventTypes.created, chatId, 1, payload, actor)],
      directKey,
    );
    const summary = await this.chats.summaryOf(stored.id);
    if (!summary) throw ChatErrors.notFound();
    return { summary, created };
  }
}

import { AppError } from '../../../platform/errors';
import { trimmedSingleLineText } from '../../../platform/validation';
import type { ChatType, MemberRole } from './events';

export interface Member {
  readonly userId: string;
  readonly role: MemberRole;
  readonly joinedAt: Date;
  readonly lastReadSeq: number;
}

/**
 * A chat without its members (they are documents of their own, docs/decisions/0036): what every
 * write decides on. A direct chat names its pair, so a send needs no member list to find the other.
 */
export interface Chat {
  readonly id: string;
  readonly type: ChatType;
  readonly title: string | null;
  readonly memberCount: number;
  /** The two members of a direct chat (sorted); null for a group. */
  readonly pair: readonly [string, string] | null;
  readonly lastSeq: number;
  readonly version: number;
}

/** A chat with every member: for views and chat frames only (O(members) to read). */
export interface ChatWithMembers extends Chat {
  readonly members: readonly Member[];
}

/**
 * The members a write looked up by `_id` before deciding (`of`), and, for the rare decision that
 * needs them all (handing ownership on), every member (`all`: O(members)).
 */
export interface Members {
  of(userId: string): Member | undefined;
  all(): Promise<readonly Member[]>;
}

/** A group holds at most this many members (docs/decisions/0036: membership is O(1) per member). */
export const MAX_GROUP_MEMBERS = 10_000;
export const titleSchema = trimmedSingleLineText(100);

export const ChatErrors = {
  notFound: () => new AppError('CHAT.NOT_FOUND', 'no such chat'),
  forbidden: (why: string) => new AppError('CHAT.FORBIDDEN', why),
  notGroup: () => new AppError('CHAT.INVALID', 'only group chats have a title and managed members'),
  userNotFound: (userId: string) =>
    new AppError('USER.NOT_FOUND', `no such user: ${userId}`, {
      fields: [{ field: 'userId', reason: 'no such user' }],
    }),
  blocked: () => new AppError('CHAT.BLOCKED', 'a block stands between these users'),
  blockedMember: (field: string, userId: string) =>
    new AppError('CHAT.BLOCKED', `a block stands between you and ${userId}`, {
      fields: [{ field, reason: 'a block stands between you and this user' }],
    }),
  selfChat: () =>
    new AppError('CHAT.INVALID', 'a direct chat needs another user', {
      fields: [{ field: 'userId', reason: 'that is you' }],
    }),
  tooManyMembers: () =>
    new AppError('CHAT.INVALID', `a group has at most ${MAX_GROUP_MEMBERS} members`, {
      fields: [{ field: 'memberIds', reason: 'too many' }],
    }),
};

/** The member `userId`, or 404 as if the chat did not exist (docs/decisions/0010). */
export function memberOf(members: Members | undefined, userId: string): Member {
  const member = members?.of(userId);
  if (!member) throw ChatErrors.notFound();
  return member;
}

/** The other member of a direct chat, from its pair. */
export const otherOf = (chat: Chat, userId: string): string | undefined =>
  chat.pair?.find((candidate) => candidate !== userId);

const rank: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

/** Throws 403 unless `member` has at least `role`. */
export function requireRole(member: Member, role: MemberRole, action: string): void {
  if (rank[member.role] < rank[role]) throw ChatErrors.forbidden(`only a chat ${role} can ${action}`);
}

/** Who becomes owner when the last owner leaves: the longest-standing admin, else member. */
export function nextOwner(remaining: readonly Member[]): Member | undefined {
  if (remaining.some((member) => member.role === 'owner')) return undefined;
  const byTenure = [...remaining].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  return byTenure.find((member) => member.role === 'admin') ?? byTenure[0];
}

/** The key that makes a pair's direct chat unique, whoever creates it. */
export const directKeyOf = (a: string, b: string): string => [a, b].sort().join(':');

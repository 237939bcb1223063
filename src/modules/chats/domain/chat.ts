import { AppError } from '../../../platform/errors';
import { trimmedSingleLineText } from '../../../platform/validation';
import type { ChatType, MemberRole } from './events';

export interface Member {
  readonly userId: string;
  readonly role: MemberRole;
  readonly joinedAt: Date;
  readonly lastReadSeq: number;
}

export interface Chat {
  readonly id: string;
  readonly type: ChatType;
  readonly title: string | null;
  readonly members: readonly Member[];
  readonly lastSeq: number;
  readonly version: number;
}

export const MAX_GROUP_MEMBERS = 500;
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

/** The member `userId` of `chat`, or 404 as if the chat did not exist (docs/decisions/0010). */
export function memberOf(chat: Chat | undefined, userId: string): Member {
  const member = chat?.members.find((candidate) => candidate.userId === userId);
  if (!chat || !member) throw ChatErrors.notFound();
  return member;
}

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

import type { Chat, Member } from '../domain/chat';
import type { Message } from '../domain/message';
import type { ChatDoc, MemberDoc, MessageDoc } from './models';
import type { ChatHead } from './redis-chat-heads';

/** A chat from its document and its head (docs/decisions/0031): the head gives the last seq. */
export const toChat = (doc: ChatDoc, head: ChatHead): Chat => {
  const [first = '', second = ''] = doc.directKey?.split(':') ?? [];
  return {
    id: doc._id,
    type: doc.type,
    title: doc.title,
    memberCount: doc.memberCount,
    pair: doc.type === 'direct' ? [first, second] : null,
    lastSeq: head.lastSeq,
    version: doc.version,
  };
};

/** A member from its document: they have read at least up to the last message they sent. */
export const toMember = (doc: MemberDoc, head: ChatHead): Member => ({
  userId: doc.userId,
  role: doc.role,
  joinedAt: new Date(doc.joinedAt),
  lastReadSeq: Math.max(doc.lastReadSeq, head.sentBy.get(doc.userId) ?? 0),
});

export const toMessage = (doc: MessageDoc): Message => ({
  id: doc._id,
  chatId: doc.chatId,
  seq: doc.seq,
  senderId: doc.senderId,
  clientMsgId: doc.clientMsgId,
  body: doc.deletedAt ? null : doc.body,
  mentions: doc.mentions,
  replyTo: doc.replyTo,
  reactions: doc.reactions.map((reaction) => ({ emoji: reaction.emoji, userIds: [...reaction.userIds] })),
  createdAt: new Date(doc.createdAt).toISOString(),
  editedAt: doc.editedAt ? new Date(doc.editedAt).toISOString() : null,
  deletedAt: doc.deletedAt ? new Date(doc.deletedAt).toISOString() : null,
  ...(doc.held && !doc.deletedAt ? { held: true } : {}),
});

export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/** The lock every write to a chat or its messages holds (docs/decisions/0007). */
export const chatLockKey = (chatId: string): string => `chat:${chatId}`;
export const CHAT_LOCK = { ttlMs: 10_000, waitMs: 10_000 };

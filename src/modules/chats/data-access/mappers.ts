import type { Chat } from '../domain/chat';
import type { Message } from '../domain/message';
import type { ChatDoc, MessageDoc } from './models';

export const toChat = (doc: ChatDoc): Chat => ({
  id: doc._id,
  type: doc.type,
  title: doc.title,
  members: doc.members.map((member) => ({ ...member, joinedAt: new Date(member.joinedAt) })),
  lastSeq: doc.lastSeq,
  version: doc.version,
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
});

export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/** The lock every write to a chat or its messages holds (docs/decisions/0007). */
export const chatLockKey = (chatId: string): string => `chat:${chatId}`;
export const CHAT_LOCK = { ttlMs: 10_000, waitMs: 10_000 };

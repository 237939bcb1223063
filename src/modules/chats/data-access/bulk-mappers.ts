import type { ChatWithTail, ImportedChat, ImportedMessage } from '../application/bulk-ports';
import { directKeyOf } from '../domain/chat';
import { toMessage } from './mappers';
import type { ChatDoc, MemberDoc, MessageDoc } from './models';

const iso = (date: Date | string): string => new Date(date).toISOString();

/** Preview length in the chat list, as a send stores it. */
const PREVIEW_LENGTH = 140;

type Unsent = Omit<ChatDoc, 'pendingEvents' | 'outboxSince'>;
type UnsentMessage = Omit<MessageDoc, 'pendingEvents' | 'outboxSince'>;

/**
 * The chat document an imported chat becomes: as created, then advanced to its last message. Its
 * members become documents of their own (`documentsOf` in mongo-members.ts, docs/decisions/0036).
 */
export function toChatDoc({ chat, last }: ChatWithTail): Unsent {
  const [first, second] = chat.members;
  return {
    _id: chat.id,
    type: chat.type,
    title: chat.title,
    ...(chat.type === 'direct' && first && second ? { directKey: directKeyOf(first.userId, second.userId) } : {}),
    memberCount: chat.members.length,
    joins: chat.members.length,
    lastSeq: last?.seq ?? 0,
    ...(last
      ? {
          lastMessage: {
            messageId: last.id,
            seq: last.seq,
            senderId: last.senderId,
            preview: last.deletedAt ? '' : (last.body ?? '').slice(0, PREVIEW_LENGTH),
            sentAt: new Date(last.createdAt),
          },
        }
      : {}),
    lastActivityAt: new Date(last?.createdAt ?? chat.createdAt),
    createdAt: new Date(chat.createdAt),
    version: 1,
  };
}

/** The message document an imported message becomes (no edit history: a dataset carries none). */
export function toMessageDoc(message: ImportedMessage): UnsentMessage {
  const events = 1 + (message.reactions.length > 0 ? 1 : 0) + (message.deletedAt ? 1 : 0);
  return {
    _id: message.id,
    chatId: message.chatId,
    seq: message.seq,
    senderId: message.senderId,
    clientMsgId: message.clientMsgId,
    body: message.deletedAt ? null : message.body,
    mentions: [...message.mentions],
    replyTo: message.replyTo,
    edits: [],
    reactions: message.reactions.map((reaction) => ({ emoji: reaction.emoji, userIds: [...reaction.userIds] })),
    createdAt: new Date(message.createdAt),
    editedAt: message.editedAt ? new Date(message.editedAt) : null,
    deletedAt: message.deletedAt ? new Date(message.deletedAt) : null,
    version: events,
  };
}

/** A stored chat in the dataset's shape, with its member documents. */
export function toImportedChat(doc: ChatDoc, members: readonly MemberDoc[]): ImportedChat {
  return {
    id: doc._id,
    type: doc.type,
    title: doc.title ?? null,
    createdAt: iso(doc.createdAt),
    members: members.map((member) => ({
      userId: member.userId,
      role: member.role,
      joinedAt: iso(member.joinedAt),
      lastReadSeq: member.lastReadSeq,
    })),
  };
}

/** A stored message in the dataset's shape: the domain's view of it. */
export const toImportedMessage = toMessage;

import { Schema, type Connection, type Model } from 'mongoose';
import type { PendingEvent } from '../../../platform/outbox';
import type { ChatType, MemberRole } from '../domain/events';

export interface MemberDoc {
  userId: string;
  role: MemberRole;
  joinedAt: Date;
  /** Highest seq this member has read; only moves forward. */
  lastReadSeq: number;
}

export interface LastMessageDoc {
  messageId: string;
  seq: number;
  senderId: string;
  /** A preview (first 140 characters); empty once the message is deleted. */
  preview: string;
  sentAt: Date;
}

/**
 * A chat and its members in one document: membership checks and the chat list are single-document
 * reads. `pendingEvents` is this store's outbox (docs/decisions/0007).
 */
export interface ChatDoc {
  _id: string;
  type: ChatType;
  title: string | null;
  /** For direct chats: the two user ids sorted and joined; unique, so a pair has one chat. */
  directKey?: string;
  members: MemberDoc[];
  memberIds: string[];
  lastSeq: number;
  lastMessage?: LastMessageDoc;
  lastActivityAt: Date;
  createdAt: Date;
  version: number;
  pendingEvents: PendingEvent[];
  outboxSince: Date | null;
}

export interface EditDoc {
  body: string;
  editedAt: Date;
}

export interface ReactionDoc {
  emoji: string;
  userIds: string[];
}

export interface MessageDoc {
  _id: string;
  chatId: string;
  seq: number;
  senderId: string;
  clientMsgId: string;
  body: string | null;
  mentions: string[];
  replyTo: string | null;
  /** Previous bodies, oldest first. */
  edits: EditDoc[];
  reactions: ReactionDoc[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Held by moderation: the body is null until released (docs/decisions/0038). */
  held?: boolean;
  version: number;
  pendingEvents: PendingEvent[];
  outboxSince: Date | null;
}

const memberSchema = new Schema<MemberDoc>(
  {
    userId: { type: String, required: true },
    role: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    lastReadSeq: { type: Number, required: true },
  },
  { _id: false },
);

const chatSchema = new Schema<ChatDoc>(
  {
    _id: String,
    type: { type: String, required: true },
    title: { type: String, default: null },
    directKey: { type: String },
    members: [memberSchema],
    memberIds: [String],
    lastSeq: { type: Number, required: true },
    lastMessage: { type: Schema.Types.Mixed },
    lastActivityAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    version: { type: Number, required: true },
    pendingEvents: { type: Schema.Types.Mixed, default: [] },
    outboxSince: { type: Date, default: null },
  },
  { collection: 'chats', versionKey: false },
);

const messageSchema = new Schema<MessageDoc>(
  {
    _id: String,
    chatId: { type: String, required: true },
    seq: { type: Number, required: true },
    senderId: { type: String, required: true },
    clientMsgId: { type: String, required: true },
    body: { type: String, default: null },
    mentions: [String],
    replyTo: { type: String, default: null },
    edits: { type: Schema.Types.Mixed, default: [] },
    reactions: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    held: { type: Boolean },
    version: { type: Number, required: true },
    pendingEvents: { type: Schema.Types.Mixed, default: [] },
    outboxSince: { type: Date, default: null },
  },
  { collection: 'messages', versionKey: false },
);

/** The chats and messages models on this process's connection (registered once). */
export function chatModels(connection: Connection): { chats: Model<ChatDoc>; messages: Model<MessageDoc> } {
  return {
    chats: (connection.models['Chat'] as Model<ChatDoc> | undefined) ?? connection.model<ChatDoc>('Chat', chatSchema),
    messages:
      (connection.models['Message'] as Model<MessageDoc> | undefined) ??
      connection.model<MessageDoc>('Message', messageSchema),
  };
}

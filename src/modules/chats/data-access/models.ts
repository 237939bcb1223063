import { Schema, type Connection, type Model } from 'mongoose';
import type { PendingEvent } from '../../../platform/outbox';
import type { ChatType, MemberRole } from '../domain/events';

/** A member as the chat document used to embed it (chats written before 0036; the migration reads it). */
export interface LegacyMemberDoc {
  userId: string;
  role: MemberRole;
  joinedAt: Date;
  lastReadSeq: number;
}

/**
 * One membership, keyed `<chatId>:<userId>` (docs/decisions/0036): the membership check of a send is
 * one `_id` read, a read marker move rewrites this small document only, and it carries the
 * read-marker events (its own outbox).
 */
export interface MemberDoc {
  _id: string;
  chatId: string;
  userId: string;
  role: MemberRole;
  joinedAt: Date;
  /** Highest seq this member has read; only moves forward. */
  lastReadSeq: number;
  /** The roster page (`<chatId>:<page>`) that lists this member. */
  page: number;
  pendingEvents: PendingEvent[];
  outboxSince: Date | null;
}

/** Up to ROSTER_PAGE member ids of a chat, keyed `<chatId>:<page>`: who a chat's frames go to. */
export interface RosterDoc {
  _id: string;
  chatId: string;
  userIds: string[];
}

/** The chats of one user, keyed by the user id: the chat list without a query on members. */
export interface UserChatsDoc {
  _id: string;
  chatIds: string[];
}

/** Member ids per roster page: a join or leave rewrites one page of at most this many ids. */
export const ROSTER_PAGE = 1000;
export const memberKey = (chatId: string, userId: string): string => `${chatId}:${userId}`;
export const rosterKey = (chatId: string, page: number): string => `${chatId}:${page}`;

export interface LastMessageDoc {
  messageId: string;
  seq: number;
  senderId: string;
  /** A preview (first 140 characters); empty once the message is deleted. */
  preview: string;
  sentAt: Date;
}

/**
 * A chat without its members (docs/decisions/0036): they are `chat_members` documents, listed in
 * `chat_rosters` pages, and each user's chats in `user_chats`. `pendingEvents` is this store's
 * outbox (docs/decisions/0007).
 */
export interface ChatDoc {
  _id: string;
  type: ChatType;
  title: string | null;
  /** For direct chats: the two user ids sorted and joined; unique, so a pair has one chat. */
  directKey?: string;
  memberCount: number;
  /** Members ever joined: the next member goes to roster page `floor(joins / ROSTER_PAGE)`. */
  joins: number;
  /** Chats written before 0036 embed their members; `npx polychat migrate` moves them out. */
  members?: LegacyMemberDoc[];
  memberIds?: string[];
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
  /**
   * Stored by a live send without outbox state: its `message.sent` is derived from this document
   * when its sender died before queueing it (docs/decisions/0060). Absent on imported messages.
   */
  derivedEvents?: true;
  version: number;
  pendingEvents: PendingEvent[];
  outboxSince: Date | null;
}

const chatSchema = new Schema<ChatDoc>(
  {
    _id: String,
    type: { type: String, required: true },
    title: { type: String, default: null },
    directKey: { type: String },
    memberCount: { type: Number, required: true },
    joins: { type: Number, required: true },
    members: { type: Schema.Types.Mixed },
    memberIds: { type: Schema.Types.Mixed },
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
    derivedEvents: { type: Boolean },
    version: { type: Number, required: true },
    pendingEvents: { type: Schema.Types.Mixed, default: [] },
    outboxSince: { type: Date, default: null },
  },
  { collection: 'messages', versionKey: false },
);

const memberSchema = new Schema<MemberDoc>(
  {
    _id: String,
    chatId: { type: String, required: true },
    userId: { type: String, required: true },
    role: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    lastReadSeq: { type: Number, required: true },
    page: { type: Number, required: true },
    pendingEvents: { type: Schema.Types.Mixed, default: [] },
    outboxSince: { type: Date, default: null },
  },
  { collection: 'chat_members', versionKey: false },
);

const rosterSchema = new Schema<RosterDoc>(
  { _id: String, chatId: { type: String, required: true }, userIds: [String] },
  { collection: 'chat_rosters', versionKey: false },
);

const userChatsSchema = new Schema<UserChatsDoc>(
  { _id: String, chatIds: [String] },
  { collection: 'user_chats', versionKey: false },
);

export interface ChatModels {
  chats: Model<ChatDoc>;
  messages: Model<MessageDoc>;
  members: Model<MemberDoc>;
  rosters: Model<RosterDoc>;
  userChats: Model<UserChatsDoc>;
}

const modelOf = <T>(connection: Connection, name: string, schema: Schema<T>): Model<T> =>
  (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);

/** The chats module's models on this process's connection (registered once). */
export function chatModels(connection: Connection): ChatModels {
  return {
    chats: modelOf(connection, 'Chat', chatSchema),
    messages: modelOf(connection, 'Message', messageSchema),
    members: modelOf(connection, 'ChatMember', memberSchema),
    rosters: modelOf(connection, 'ChatRoster', rosterSchema),
    userChats: modelOf(connection, 'UserChats', userChatsSchema),
  };
}

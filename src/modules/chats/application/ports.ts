import type { PendingEvent } from '../../../platform/outbox';
import type { Chat, ChatWithMembers, Member, Members } from '../domain/chat';
import type { ChatType, MemberRole } from '../domain/events';
import type { Message, Reaction } from '../domain/message';

export interface NewChat {
  readonly type: ChatType;
  readonly title: string | null;
  readonly members: readonly Member[];
}

/**
 * A change to one chat, decided by a use case while the chat is locked: each joined, removed or
 * re-ranked member is one small document (docs/decisions/0036), whatever the group's size.
 */
export interface ChatChange {
  readonly title?: string | null;
  readonly join?: readonly Member[];
  readonly remove?: readonly string[];
  readonly roles?: readonly { readonly userId: string; readonly role: MemberRole }[];
  /** Events to commit with the change; the chat's version goes up by one when there are any. */
  readonly events: (version: number) => PendingEvent[];
}

/** A read marker move, decided under the chat's lock: it rewrites the member's document only. */
export interface ReadMarkerMove {
  readonly seq: number;
  /** Its events, at the chat's current version (a read marker does not change the chat). */
  readonly events: (version: number) => PendingEvent[];
}

export interface ChatSummary {
  readonly chat: ChatWithMembers;
  readonly lastMessage: { messageId: string; seq: number; senderId: string; preview: string; sentAt: string } | null;
  readonly lastActivityAt: string;
}

/** Chats in their owner store; every change holds the chat's lock. */
export interface ChatStore {
  create(
    chat: NewChat,
    events: (chatId: string) => PendingEvent[],
    directKey?: string,
  ): Promise<{ chat: Chat; created: boolean }>;
  find(chatId: string): Promise<Chat | undefined>;
  /** The chat and the members `userIds` among its members (one `_id` read each, in parallel). */
  load(chatId: string, userIds: readonly string[]): Promise<{ chat: Chat; members: Members } | undefined>;
  listForUser(userId: string, after: { at: string; id: string } | undefined, limit: number): Promise<ChatSummary[]>;
  /** The chat with every member (O(members) reads). */
  summaryOf(chatId: string): Promise<ChatSummary | undefined>;
  /**
   * Loads the chat under its lock with the members `userIds` (`members.of`), applies `decide`,
   * commits the change with its events.
   */
  change(
    chatId: string,
    userIds: readonly string[],
    decide: (chat: Chat, members: Members) => ChatChange | undefined | Promise<ChatChange | undefined>,
  ): Promise<Chat>;
  /** Under the chat's lock: `decide` sees the chat and the member; a move rewrites one member document. */
  moveReadMarker(
    chatId: string,
    userId: string,
    decide: (chat: Chat, members: Members) => ReadMarkerMove | undefined,
  ): Promise<Chat>;
  chatIdsOf(userId: string): Promise<string[]>;
}

/** A change to one message (edit, delete, reactions), decided under the chat's lock. */
export interface MessageChange {
  readonly body?: string | null;
  /** Held by moderation (the body is then null) or released (docs/decisions/0038). */
  readonly held?: boolean;
  readonly edit?: { body: string; editedAt: Date };
  readonly deletedAt?: Date;
  readonly reactions?: readonly Reaction[];
  readonly events: (message: Message, version: number) => PendingEvent[];
}

/** What a use case decided to append: the message at the seq the store gave it, and its events. */
export interface MessageDraft {
  readonly message: Message;
  readonly events: readonly PendingEvent[];
}

/** Messages in their owner store, numbered per chat; writes hold the chat's lock. */
export interface MessageStore {
  /**
   * Under the chat's lock: `decide` sees the chat, the next seq and the members `also` plus the
   * sender (one `_id` read each), and builds the message and its events; the store inserts it (one
   * write). A retry with the sender's clientMsgId returns the first message instead
   * (`created: false`), after `decide` authorised it again.
   */
  append(
    chatId: string,
    key: { readonly senderId: string; readonly clientMsgId: string },
    decide: (chat: Chat, seq: number, members: Members) => MessageDraft | Promise<MessageDraft>,
    also?: readonly string[],
  ): Promise<{ message: Message; created: boolean }>;
  /**
   * Up to `limit` messages before `before` (or the latest), or after `after`, oldest first, in a
   * chat whose last seq the caller read as `lastSeq`; a later send found on the way is included,
   * and the last seq returned is the one the page was cut at.
   */
  page(
    chat: { id: string; type: ChatType; lastSeq: number },
    range: { before?: number; after?: number },
    limit: number,
  ): Promise<{ items: Message[]; lastSeq: number }>;
  find(chatId: string, messageId: string): Promise<Message | undefined>;
  /**
   * `decide` sees the message or undefined, and the member `userId` (it checks membership first,
   * then 404s the message).
   */
  change(
    chatId: string,
    messageId: string,
    userId: string,
    decide: (chat: Chat, message: Message | undefined, members: Members) => MessageChange,
  ): Promise<Message>;
}

/**
 * Told about every committed chat or message change with the events it saved (live delivery). A
 * failure here never fails the change: it is committed already.
 */
export interface ChatCommitListener {
  committed(chat: Chat, events: readonly PendingEvent[], message?: Message): Promise<void>;
}

/** Who is in a chat, for delivering to all of them (docs/decisions/0036). */
export interface ChatRoster {
  /** Member ids; `chat` as read under the lock lets a cached list at that version be used. */
  memberIds(chat: Pick<Chat, 'id' | 'version'>): Promise<readonly string[]>;
  /** The chat with every member (for chat frames: rare, O(members)). */
  withMembers(chat: Chat): Promise<ChatWithMembers>;
}

/** Display profiles known to the chats module (the user_profiles projection). */
export interface ProfileDirectory {
  existing(userIds: readonly string[]): Promise<Set<string>>;
  idsByUsername(usernames: readonly string[]): Promise<Map<string, string>>;
  displayNames(userIds: readonly string[]): Promise<Map<string, { username: string; displayName: string }>>;
}

export const CHAT_STORE = Symbol.for('polychat.chats.ChatStore');
export const MESSAGE_STORE = Symbol.for('polychat.chats.MessageStore');
export const PROFILE_DIRECTORY = Symbol.for('polychat.chats.ProfileDirectory');
export const CHAT_COMMIT_LISTENER = Symbol.for('polychat.chats.ChatCommitListener');
export const CHAT_ROSTER = Symbol.for('polychat.chats.ChatRoster');

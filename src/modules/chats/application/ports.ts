import type { PendingEvent } from '../../../platform/outbox';
import type { Chat, Member } from '../domain/chat';
import type { ChatType } from '../domain/events';
import type { Message, Reaction } from '../domain/message';

export interface NewChat {
  readonly type: ChatType;
  readonly title: string | null;
  readonly members: readonly Member[];
}

/** A change to one chat, decided by a use case while the chat is locked. */
export interface ChatChange {
  readonly title?: string | null;
  readonly members?: readonly Member[];
  /** Events to commit with the change; the chat's version goes up by one when there are any. */
  readonly events: (version: number) => PendingEvent[];
}

export interface ChatSummary {
  readonly chat: Chat;
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
  listForUser(userId: string, after: { at: string; id: string } | undefined, limit: number): Promise<ChatSummary[]>;
  summaryOf(chatId: string): Promise<ChatSummary | undefined>;
  /** Loads the chat under its lock, applies `decide`, commits the change with its events. */
  change(chatId: string, decide: (chat: Chat) => ChatChange | undefined): Promise<Chat>;
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
   * Under the chat's lock: `decide` sees the chat and the next seq and builds the message and its
   * events; the store inserts it (one write). A retry with the sender's clientMsgId returns the
   * first message instead (`created: false`), after `decide` authorised it again.
   */
  append(
    chatId: string,
    key: { readonly senderId: string; readonly clientMsgId: string },
    decide: (chat: Chat, seq: number) => MessageDraft | Promise<MessageDraft>,
  ): Promise<{ message: Message; created: boolean }>;
  /**
   * Up to `limit` messages before `before` (or the latest), or after `after`, oldest first, in a
   * chat whose last seq the caller read as `lastSeq` (a later send found on the way is included).
   */
  page(
    chat: { id: string; lastSeq: number },
    range: { before?: number; after?: number },
    limit: number,
  ): Promise<Message[]>;
  find(chatId: string, messageId: string): Promise<Message | undefined>;
  /** `decide` sees the message or undefined (it checks membership first, then 404s the message). */
  change(
    chatId: string,
    messageId: string,
    decide: (chat: Chat, message: Message | undefined) => MessageChange,
  ): Promise<Message>;
}

/**
 * Told about every committed chat or message change with the events it saved (live delivery). A
 * failure here never fails the change: it is committed already.
 */
export interface ChatCommitListener {
  committed(chat: Chat, events: readonly PendingEvent[], message?: Message): Promise<void>;
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

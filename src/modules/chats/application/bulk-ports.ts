import type { PendingEvent } from '../../../platform/outbox';
import type { ChatType, MemberRole } from '../domain/events';
import type { Message } from '../domain/message';

/** A member as a dataset carries it. */
export interface ImportedMember {
  readonly userId: string;
  readonly role: MemberRole;
  readonly joinedAt: string;
  readonly lastReadSeq: number;
}

/** A chat as a dataset carries it: its id is kept; lastSeq and the last message come from its messages. */
export interface ImportedChat {
  readonly id: string;
  readonly type: ChatType;
  readonly title: string | null;
  readonly createdAt: string;
  readonly members: readonly ImportedMember[];
}

/** A message as a dataset carries it: the domain's message (id and seq are kept; deleted = null body). */
export type ImportedMessage = Message;

/** Why a record was refused by the store (another record holds a unique key it needs). */
export interface BulkConflict {
  readonly id: string;
  readonly reason: 'direct_pair' | 'seq' | 'client_msg_id' | 'message_id';
}

/** What became of a batch: new documents, ones already there by id, and ones refused. */
export interface BulkOutcome {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  readonly conflicts: readonly BulkConflict[];
}

/** A document to insert with the events it carries (its outbox). */
export interface WithEvents<T> {
  readonly record: T;
  readonly events: readonly PendingEvent[];
}

/** A chat to insert, with the tail its messages give it (the highest seq among them). */
export interface ChatWithTail {
  readonly chat: ImportedChat;
  readonly last: ImportedMessage | undefined;
}

/** The name import batches of messages are published under, and recovered by (0035). */
export const IMPORT_MESSAGES_BATCH = 'chats.import-messages';

/** What the events of an import batch share beyond its messages (kept with the batch, 0035). */
export interface ImportBatchMeta {
  readonly traceId: string;
}

/** Bulk access to chats and messages for import and export. */
export interface ChatBulkStore {
  insertChats(chats: readonly WithEvents<ChatWithTail>[]): Promise<BulkOutcome>;
  /**
   * Inserts messages and sees their events published (those of the messages it created);
   * `batch` is what rebuilding those events from the stored messages needs (the import's trace id).
   */
  insertMessages(messages: readonly WithEvents<ImportedMessage>[], batch: ImportBatchMeta): Promise<BulkOutcome>;
  /** The stored messages among `ids` (by `_id`), for rebuilding the events of a batch. */
  storedMessages(ids: readonly string[]): Promise<ImportedMessage[]>;
  /** Which of `ids` are stored chats. */
  existingChatIds(ids: readonly string[]): Promise<Set<string>>;
  /** Every chat, streamed (never all in memory). */
  chats(): AsyncIterable<ImportedChat>;
  /** Every message, streamed (never all in memory). */
  messages(): AsyncIterable<ImportedMessage>;
  /** How many chats and messages are stored (for progress). */
  counts(): Promise<{ chats: number; messages: number }>;
}

export const CHAT_BULK_STORE = Symbol.for('polychat.chats.ChatBulkStore');

import type { SearchCursor, SearchHit } from '../domain/search';

/** A message as message.sent delivers it to the index. */
export interface IndexedMessage {
  readonly messageId: string;
  readonly chatId: string;
  readonly seq: number;
  readonly senderId: string;
  readonly body: string;
  readonly sentAt: string;
}

export interface MessageEdit {
  readonly messageId: string;
  readonly chatId: string;
  readonly body: string;
  readonly editedAt: string;
}

export interface MessageDeletion {
  readonly messageId: string;
  readonly chatId: string;
  readonly deletedAt: string;
}

export interface SearchQuery {
  readonly text: string;
  /** Only these chats; the caller's membership was checked before. */
  readonly chatIds: readonly string[];
  readonly after?: SearchCursor;
  readonly limit: number;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** Set when there may be more hits after the last one. */
  readonly next: SearchCursor | null;
}

/**
 * The full-text projection of messages. Every write is idempotent and order-tolerant per message:
 * a repeated send changes nothing, an edit applies only when newer, and a deletion is final.
 */
export interface MessageSearchIndex {
  indexSent(message: IndexedMessage): Promise<void>;
  /** Several sends in one statement (a consumed batch), with the same effect as one by one. */
  indexSentMany(messages: readonly IndexedMessage[]): Promise<void>;
  /** Several edits in one statement; of several edits of one message, the newest applies. */
  applyEdits(edits: readonly MessageEdit[]): Promise<void>;
  /** Several deletions in one statement. */
  applyDeletions(deletions: readonly MessageDeletion[]): Promise<void>;
  applyEdit(edit: MessageEdit): Promise<void>;
  applyDeletion(deletion: MessageDeletion): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
}

export const MESSAGE_SEARCH_INDEX = Symbol.for('polychat.search.MessageSearchIndex');

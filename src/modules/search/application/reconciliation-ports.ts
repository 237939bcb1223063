import type { MessageSnapshot } from '../../chats';

/** Ids in (after, upTo], either end open when undefined (code-point order, as every store sorts UUIDs). */
export interface IdRange {
  readonly after?: string;
  readonly upTo?: string;
}

/** A row of the search index: what it copies of a message (tombstones included: body null, deletedAt set). */
export type IndexedState = Omit<MessageSnapshot, 'pending'>;

/**
 * The search index as backfill and reconcile see it: rows by message id, and the owner's current
 * state of a message written over the row unless the row holds a newer edit.
 */
export interface SearchIndexStates {
  range(range: IdRange, within?: readonly string[]): Promise<IndexedState[]>;
  byIds(ids: readonly string[]): Promise<IndexedState[]>;
  apply(messages: readonly MessageSnapshot[]): Promise<void>;
  /** Drops rows of messages the owner never had. */
  forget(rows: readonly IndexedState[]): Promise<void>;
}

export const SEARCH_INDEX_STATES = Symbol.for('polychat.search.SearchIndexStates');

import type { EventEnvelope } from '../kafka';

/** An event waiting in an owner store's outbox. */
export interface OutboxEntry {
  /** Position in the store's outbox; publishing follows it. */
  readonly position: string;
  /** Logical topic, e.g. polychat.users.v1. */
  readonly topic: string;
  /** Partition key: the aggregate id, so order holds per aggregate. */
  readonly key: string;
  readonly envelope: EventEnvelope;
}

/**
 * One owner store's outbox as the relay sees it. Only the holder of the store's relay lease may
 * read and mark entries, which is what keeps two relays from publishing out of order.
 */
export interface OutboxSource {
  readonly name: string;
  /** Tries to become (or stay) the one relay of this store; false while another holds the lease. */
  tryLead(): Promise<boolean>;
  /** Unpublished entries in outbox order, at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  markPublished(entries: readonly OutboxEntry[]): Promise<void>;
  /** Calls `wake` soon after any process commits a new entry; returns how to stop listening. */
  subscribe(wake: () => void): Promise<() => Promise<void>>;
  /** Entries not yet published (for metrics and tests). */
  backlog(): Promise<number>;
  /** Gives the lease up (shutdown). */
  release(): Promise<void>;
}

import type { EnvelopeMetadata } from '../../../platform/kafka';
/** A friendship as a dataset carries it: two users and since when (ISO time); order does not matter. */
export interface ImportedFriendship {
  readonly userId: string;
  readonly friendId: string;
  readonly since: string;
}

/** What became of a batch, by pair key ("minId:maxId"). */
export interface FriendshipImportOutcome {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /** A block stands between the two: refused, as a friend request would be. */
  readonly blocked: readonly string[];
}

/** Who caused the import and under which trace; both go into the event envelopes. */
export interface BulkEventMeta {
  readonly actorId: string | null;
  readonly traceId: string | null;
  /** Set on imported events (history: notify nobody). */
  readonly metadata?: EnvelopeMetadata;
}

/** Bulk access to friendships for import and export; writes commit with their events. */
export interface FriendshipBulkStore {
  /**
   * Befriends each pair in one transaction, holding every pair's lock: each new friendship gets
   * the events of a request sent and accepted, in the Neo4j outbox.
   */
  befriendMany(pairs: readonly ImportedFriendship[], meta: BulkEventMeta): Promise<FriendshipImportOutcome>;
  /** Friendships whose smaller id is one of `userIds`, as `userId` < `friendId`, ordered. */
  friendshipsFrom(userIds: readonly string[]): Promise<ImportedFriendship[]>;
}

export const FRIENDSHIP_BULK_STORE = Symbol.for('polychat.friends.FriendshipBulkStore');

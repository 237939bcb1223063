/**
 * A chat's membership as its owner store holds it now (backfill and reconcile of the membership
 * projection). `pending`: the chat still has events in its outbox, so copies may lag for a moment.
 */
export interface ChatSnapshot {
  readonly id: string;
  readonly type: string;
  /** Sorted. */
  readonly memberIds: readonly string[];
  readonly version: number;
  readonly pending: boolean;
}

/** A message as its owner store holds it now (for the search index and the analytics counts). */
export interface MessageSnapshot {
  readonly id: string;
  readonly chatId: string;
  readonly seq: number;
  readonly senderId: string;
  /** The current body; null once deleted. */
  readonly body: string | null;
  readonly sentAt: string;
  readonly editedAt: string | null;
  readonly deletedAt: string | null;
  readonly pending: boolean;
}

/** A display profile as the user_profiles projection holds it (live ones only). */
export interface ProfileState {
  readonly id: string;
  readonly username: string | null;
  readonly displayName: string | null;
  readonly version: number;
}

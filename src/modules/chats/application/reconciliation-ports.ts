import type { UserSnapshot } from '../../users';
import type { ChatSnapshot, MessageSnapshot, ProfileState } from '../domain/snapshots';

/** Ids in (after, upTo], either end open when undefined (code-point order, as every store sorts UUIDs). */
export interface IdRange {
  readonly after?: string;
  readonly upTo?: string;
}

/**
 * Records this module owns, as current-state snapshots in id order, for the projections other
 * modules keep of them. `within` narrows to some chats (the chats themselves, or their messages).
 */
export interface SnapshotReader<S> {
  page(after: string | undefined, limit: number, within?: readonly string[]): Promise<S[]>;
  byIds(ids: readonly string[]): Promise<S[]>;
  /** How many records (to size progress): exact when scoped; the whole store's may be an estimate. */
  count(within?: readonly string[]): Promise<number>;
  /** Every record once, unordered, `size` at a time from one cursor (a backfill's single pass). */
  batches(size: number, within?: readonly string[]): AsyncIterable<S[]>;
}

export type ChatSnapshotReader = SnapshotReader<ChatSnapshot>;
export type MessageSnapshotReader = SnapshotReader<MessageSnapshot>;

/**
 * The user_profiles projection as backfill and reconcile see it: the live profiles it holds, and the
 * owner's state applied through the same version guard as user events (an equal version overwrites).
 */
export interface UserProfileStates {
  range(range: IdRange, within?: readonly string[]): Promise<ProfileState[]>;
  byIds(ids: readonly string[]): Promise<ProfileState[]>;
  apply(users: readonly UserSnapshot[]): Promise<void>;
  /** Drops profiles of users the owner never had. */
  forget(profiles: readonly ProfileState[]): Promise<void>;
}

export const CHAT_SNAPSHOTS = Symbol.for('polychat.chats.ChatSnapshotReader');
export const MESSAGE_SNAPSHOTS = Symbol.for('polychat.chats.MessageSnapshotReader');
export const USER_PROFILE_STATES = Symbol.for('polychat.chats.UserProfileStates');

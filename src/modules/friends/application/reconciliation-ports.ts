import type { UserSnapshot } from '../../users';
import type { ChatSnapshot } from '../../chats';
import type { FriendshipSnapshot, GraphChatState, GraphUserState } from '../domain/snapshots';

/** Ids in (after, upTo], either end open when undefined (code-point order, as every store sorts UUIDs). */
export interface IdRange {
  readonly after?: string;
  readonly upTo?: string;
}

/**
 * The (:User) projection as backfill and reconcile see it: what it holds, and the owner's state
 * applied through the same version guard as user events (an equal version overwrites).
 */
export interface GraphUserStates {
  range(range: IdRange, within?: readonly string[]): Promise<GraphUserState[]>;
  byIds(ids: readonly string[]): Promise<GraphUserState[]>;
  apply(users: readonly UserSnapshot[]): Promise<void>;
  /** Drops nodes of users the owner never had. */
  forget(nodes: readonly GraphUserState[]): Promise<void>;
}

/** The chat-membership projection: (:Chat) nodes and their MEMBER_OF edges. */
export interface ChatMembershipStates {
  range(range: IdRange, within?: readonly string[]): Promise<GraphChatState[]>;
  byIds(ids: readonly string[]): Promise<GraphChatState[]>;
  /** Sets each chat's members to the owner's list at its version, unless the node is newer. */
  apply(chats: readonly ChatSnapshot[]): Promise<void>;
  forget(chats: readonly GraphChatState[]): Promise<void>;
}

/** Friendships as their owner (the graph) holds them, in pair-key order, for the analytics copy. */
export interface FriendshipSnapshotReader {
  /** Live friendships with keys after `after`; only those touching `within` users when given. */
  page(after: string | undefined, limit: number, within?: readonly string[]): Promise<FriendshipSnapshot[]>;
  /** The pairs with these keys the graph knows (friends or not); unknown pairs are left out. */
  byIds(keys: readonly string[]): Promise<FriendshipSnapshot[]>;
  count(within?: readonly string[]): Promise<number>;
}

export const GRAPH_USER_STATES = Symbol.for('polychat.friends.GraphUserStates');
export const CHAT_MEMBERSHIP_STATES = Symbol.for('polychat.friends.ChatMembershipStates');
export const FRIENDSHIP_SNAPSHOTS = Symbol.for('polychat.friends.FriendshipSnapshotReader');

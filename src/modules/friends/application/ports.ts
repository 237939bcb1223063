import type { CursorPosition } from '../domain/cursor';
import type { LinkModel } from '../domain/link-model';
import type {
  BlockedUser,
  Friend,
  FriendRequest,
  FriendRequestView,
  PairState,
  RequestDirection,
  Suggestion,
  Transition,
  UserSummary,
} from '../domain/model';

/** Who caused a change and under which trace; both go into the event envelope. */
export interface EventMeta {
  readonly actorId: string | null;
  readonly traceId: string | null;
}

/** The edges between two users and their outbox: every change goes through the pair's lock. */
export interface FriendGraph {
  /**
   * Locks the pair, reads its state, lets `decide` (a pure rule, possibly run again on a retried
   * transaction) pick the changes, and commits them with their events in one transaction.
   */
  changePair<R>(a: string, b: string, decide: (state: PairState) => Transition<R>, meta: EventMeta): Promise<R>;
  findRequest(id: string): Promise<FriendRequest | undefined>;
}

/** Paged listings: each returns up to `fetch` items after `after`, in the listing's order. */
export interface FriendLists {
  /** Newest first, with the other user's profile. */
  requests(
    userId: string,
    direction: RequestDirection,
    after: CursorPosition | undefined,
    fetch: number,
  ): Promise<FriendRequestView[]>;
  /** By username (case-insensitive), then id. */
  friends(userId: string, after: CursorPosition | undefined, fetch: number): Promise<Friend[]>;
  /** Newest first. */
  blocks(userId: string, after: CursorPosition | undefined, fetch: number): Promise<BlockedUser[]>;
}

/** Graph questions beyond one's own edges. */
export interface FriendDiscovery {
  exists(userId: string): Promise<boolean>;
  /** Friends of both, by username then id, up to `fetch` after `after`. */
  mutualFriends(
    userId: string,
    otherId: string,
    after: CursorPosition | undefined,
    fetch: number,
  ): Promise<UserSummary[]>;
  /**
   * Friends of friends and group-chat co-members, best first, without friends, requests or blocks:
   * ranked by the learned model when one is given, else by the formula.
   */
  suggestions(userId: string, limit: number, model?: LinkModel): Promise<Suggestion[]>;
  /** The users along a shortest friendship path (both ends included), or null beyond `maxDepth` hops. */
  shortestPath(fromId: string, toId: string, maxDepth: number): Promise<UserSummary[] | null>;
}

export const FRIEND_GRAPH = Symbol.for('polychat.friends.FriendGraph');
export const FRIEND_LISTS = Symbol.for('polychat.friends.FriendLists');
export const FRIEND_DISCOVERY = Symbol.for('polychat.friends.FriendDiscovery');

/**
 * The promoted link-prediction model (`polychat ml promote links vN`), reloaded without a restart.
 * Optional: unbound, or with no version promoted, suggestions are ranked by the formula. The
 * moderation module, which holds the trained models, binds it (docs/decisions/0041).
 */
export interface LinkModels {
  current(): Promise<LinkModel | undefined>;
}
export const LINK_MODELS = Symbol.for('polychat.friends.LinkModels');

import type { FriendshipEventPayload, FriendshipEventType } from './events';

/** What anyone may see of a user in the graph. */
export interface UserSummary {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** A pending friend request; resolved ones are gone (their history is in the event log). */
export interface FriendRequest {
  readonly id: string;
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly createdAt: string;
}

export interface Block {
  readonly blockerId: string;
  readonly blockedId: string;
  readonly createdAt: string;
}

/** Everything that stands between two users, read under the pair's lock. */
export interface PairState {
  /** Which of the two users exist as live (:User) nodes. */
  readonly present: readonly string[];
  readonly friendsSince: string | null;
  readonly requests: readonly FriendRequest[];
  readonly blocks: readonly Block[];
}

/** One edge change a rule asks for; the adapter applies them in the same transaction. */
export type PairChange =
  | { readonly kind: 'request'; readonly request: FriendRequest }
  | { readonly kind: 'dropRequests'; readonly ids: readonly string[] }
  | { readonly kind: 'befriend'; readonly since: string }
  | { readonly kind: 'unfriend' }
  | { readonly kind: 'block'; readonly block: Block }
  | { readonly kind: 'unblock'; readonly blockerId: string; readonly blockedId: string };

export interface PairEvent {
  readonly type: FriendshipEventType;
  readonly payload: FriendshipEventPayload;
}

/** What a rule decided: edge changes, the events that describe them, and the caller's answer. */
export interface Transition<R> {
  readonly changes: readonly PairChange[];
  readonly events: readonly PairEvent[];
  readonly result: R;
}

/** Fresh values a rule may need (kept out of the rules so they stay pure). */
export interface RuleContext {
  readonly now: string;
  readonly newId: string;
}

/** One page of a cursor listing; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export type RequestDirection = 'incoming' | 'outgoing';

/** A pending request as its sender or recipient lists it, with the other user's profile. */
export interface FriendRequestView extends FriendRequest {
  readonly user: UserSummary;
}

export interface Friend extends UserSummary {
  readonly since: string;
}

export interface BlockedUser {
  readonly user: UserSummary;
  readonly createdAt: string;
}

/** "People you may know", with the reasons. */
export interface Suggestion {
  readonly user: UserSummary;
  readonly mutualCount: number;
  /** Display names of up to three mutual friends. */
  readonly mutualNames: readonly string[];
  /** Group chats both are members of. */
  readonly sharedChats: number;
  readonly score: number;
}

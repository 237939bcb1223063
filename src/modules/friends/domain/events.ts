/** Every friendship event, keyed by the canonical user pair ("minId:maxId") so a pair's events keep their order. */
export const FRIENDSHIPS_TOPIC = 'polychat.friendships.v1';

/**
 * Event types of the pair aggregate. All `friendship.*`: the envelope schema wants a plain
 * lowercase aggregate name before the first dot.
 */
export const FriendshipEventTypes = {
  requestSent: 'friendship.request_sent',
  requestAccepted: 'friendship.request_accepted',
  requestDeclined: 'friendship.request_declined',
  requestCancelled: 'friendship.request_cancelled',
  removed: 'friendship.removed',
  blocked: 'friendship.blocked',
  unblocked: 'friendship.unblocked',
} as const;

export type FriendshipEventType = (typeof FriendshipEventTypes)[keyof typeof FriendshipEventTypes];

/** friendship.request_* : `fromUserId` sent the request to `toUserId`. */
export interface FriendRequestPayload {
  readonly requestId: string;
  readonly fromUserId: string;
  readonly toUserId: string;
}

/** friendship.removed: `fromUserId` ended the friendship (by unfriending or blocking). */
export interface FriendshipRemovedPayload {
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly reason: 'unfriended' | 'blocked';
}

/** friendship.blocked / friendship.unblocked: `fromUserId` (un)blocked `toUserId`. */
export interface BlockPayload {
  readonly fromUserId: string;
  readonly toUserId: string;
  /** Pending requests the block withdrew (blocked only). */
  readonly removedRequestIds?: readonly string[];
}

export type FriendshipEventPayload = FriendRequestPayload | FriendshipRemovedPayload | BlockPayload;

/** The two ids of a pair in canonical order: the aggregate (and partition key) of its events. */
export function orderedPair(a: string, b: string): readonly [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** The aggregate id and message key of a pair: "minId:maxId". */
export function pairKey(a: string, b: string): string {
  return orderedPair(a, b).join(':');
}

import { FriendErrors } from './errors';
import { FriendshipEventTypes } from './events';
import type { FriendRequest, PairChange, PairEvent, PairState, RuleContext, Transition } from './model';

/** The answer to sending a request: still pending, or an accepted friendship. */
export type SendOutcome =
  | { readonly status: 'pending'; readonly request: FriendRequest; readonly created: boolean }
  | { readonly status: 'accepted'; readonly request: FriendRequest; readonly since: string };

/** A resolved request: accepted (with the friendship's start) or just gone. */
export interface Resolution {
  readonly request: FriendRequest;
  readonly since?: string;
}

const requestEvent = (type: PairEvent['type'], request: FriendRequest): PairEvent => ({
  type,
  payload: { requestId: request.id, fromUserId: request.fromUserId, toUserId: request.toUserId },
});

/** Makes them friends: every pending request of the pair goes, the edge comes, once. */
function befriend(state: PairState, accepted: FriendRequest, now: string): Transition<Resolution> {
  const changes: PairChange[] = [
    { kind: 'dropRequests', ids: state.requests.map((request) => request.id) },
    { kind: 'befriend', since: now },
  ];
  return {
    changes,
    events: [requestEvent(FriendshipEventTypes.requestAccepted, accepted)],
    result: { request: accepted, since: now },
  };
}

/**
 * `from` asks `to` to be friends. Refused to an unknown user, across a block (either way) and
 * between friends. A repeat returns the pending request; a request from `to` already waiting
 * is accepted instead, so crossing requests end in one friendship.
 */
export function sendRequest(state: PairState, from: string, to: string, ctx: RuleContext): Transition<SendOutcome> {
  if (from === to) throw FriendErrors.selfTarget('you cannot befriend yourself');
  if (!state.present.includes(to)) throw FriendErrors.userNotFound();
  if (!state.present.includes(from)) throw FriendErrors.callerNotInGraph();
  if (state.blocks.length > 0) throw FriendErrors.blocked();
  if (state.friendsSince !== null) throw FriendErrors.alreadyFriends();
  const reverse = state.requests.find((request) => request.fromUserId === to);
  if (reverse) {
    const accepted = befriend(state, reverse, ctx.now);
    return { ...accepted, result: { status: 'accepted', request: reverse, since: ctx.now } };
  }
  const existing = state.requests.find((request) => request.fromUserId === from);
  if (existing) return { changes: [], events: [], result: { status: 'pending', request: existing, created: false } };
  const request: FriendRequest = { id: ctx.newId, fromUserId: from, toUserId: to, createdAt: ctx.now };
  return {
    changes: [{ kind: 'request', request }],
    events: [requestEvent(FriendshipEventTypes.requestSent, request)],
    result: { status: 'pending', request, created: true },
  };
}

/** The pending request `id` as `caller` may act on it; 404 when gone, 403 for the wrong side. */
function pendingFor(state: PairState, id: string, caller: string, side: 'recipient' | 'sender'): FriendRequest {
  const request = state.requests.find((candidate) => candidate.id === id);
  if (!request || (request.fromUserId !== caller && request.toUserId !== caller)) throw FriendErrors.requestNotFound();
  const own = side === 'recipient' ? request.toUserId : request.fromUserId;
  if (own !== caller) {
    throw FriendErrors.requestForbidden(
      side === 'recipient' ? 'only the recipient can answer a request' : 'only the sender can cancel a request',
    );
  }
  return request;
}

/** The recipient accepts: they become friends exactly once. */
export function acceptRequest(state: PairState, id: string, caller: string, ctx: RuleContext): Transition<Resolution> {
  return befriend(state, pendingFor(state, id, caller, 'recipient'), ctx.now);
}

/** The recipient declines: the request goes, nothing else changes. */
export function declineRequest(state: PairState, id: string, caller: string): Transition<Resolution> {
  const request = pendingFor(state, id, caller, 'recipient');
  return {
    changes: [{ kind: 'dropRequests', ids: [request.id] }],
    events: [requestEvent(FriendshipEventTypes.requestDeclined, request)],
    result: { request },
  };
}

/** The sender withdraws the request. */
export function cancelRequest(state: PairState, id: string, caller: string): Transition<Resolution> {
  const request = pendingFor(state, id, caller, 'sender');
  return {
    changes: [{ kind: 'dropRequests', ids: [request.id] }],
    events: [requestEvent(FriendshipEventTypes.requestCancelled, request)],
    result: { request },
  };
}

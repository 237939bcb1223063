import { FriendErrors } from './errors';
import { FriendshipEventTypes } from './events';
import type { Block, PairChange, PairEvent, PairState, RuleContext, Transition } from './model';

/** `caller` ends the friendship with `other`. */
export function removeFriend(state: PairState, caller: string, other: string): Transition<undefined> {
  if (caller === other) throw FriendErrors.selfTarget('you are not your own friend');
  if (state.friendsSince === null) throw FriendErrors.friendshipNotFound();
  return {
    changes: [{ kind: 'unfriend' }],
    events: [
      { type: FriendshipEventTypes.removed, payload: { fromUserId: caller, toUserId: other, reason: 'unfriended' } },
    ],
    result: undefined,
  };
}

/**
 * `blocker` blocks `target`: any friendship and pending requests between them go, and from now
 * on neither can send the other a request. Blocking again is a no-op that returns the block.
 */
export function blockUser(
  state: PairState,
  blocker: string,
  target: string,
  ctx: RuleContext,
): Transition<{ block: Block; created: boolean }> {
  if (blocker === target) throw FriendErrors.selfTarget('you cannot block yourself');
  if (!state.present.includes(target)) throw FriendErrors.userNotFound();
  if (!state.present.includes(blocker)) throw FriendErrors.callerNotInGraph();
  const existing = state.blocks.find((block) => block.blockerId === blocker);
  if (existing) return { changes: [], events: [], result: { block: existing, created: false } };
  const block: Block = { blockerId: blocker, blockedId: target, createdAt: ctx.now };
  const removedRequestIds = state.requests.map((request) => request.id);
  const changes: PairChange[] = [];
  const events: PairEvent[] = [];
  if (removedRequestIds.length > 0) changes.push({ kind: 'dropRequests', ids: removedRequestIds });
  if (state.friendsSince !== null) {
    changes.push({ kind: 'unfriend' });
    events.push({
      type: FriendshipEventTypes.removed,
      payload: { fromUserId: blocker, toUserId: target, reason: 'blocked' },
    });
  }
  changes.push({ kind: 'block', block });
  events.push({
    type: FriendshipEventTypes.blocked,
    payload: { fromUserId: blocker, toUserId: target, removedRequestIds },
  });
  return { changes, events, result: { block, created: true } };
}

/** `blocker` lifts their block on `target` (a block by the other side stays). */
export function unblockUser(state: PairState, blocker: string, target: string): Transition<undefined> {
  if (blocker === target) throw FriendErrors.selfTarget('you cannot block yourself');
  if (!state.blocks.some((block) => block.blockerId === blocker)) throw FriendErrors.blockNotFound();
  return {
    changes: [{ kind: 'unblock', blockerId: blocker, blockedId: target }],
    events: [{ type: FriendshipEventTypes.unblocked, payload: { fromUserId: blocker, toUserId: target } }],
    result: undefined,
  };
}

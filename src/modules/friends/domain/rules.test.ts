import assert from 'node:assert/strict';
import { AppError } from '../../../platform/errors';
import { decodeCursor, encodeCursor, toPage } from './cursor';
import type { PairState } from './model';
import { blockUser, removeFriend, unblockUser } from './relation-rules';
import { acceptRequest, cancelRequest, declineRequest, sendRequest } from './request-rules';

const A = 'a-user';
const B = 'b-user';
const ctx = { now: '2025-01-01T00:00:00.000Z', newId: 'req-new' };
const empty: PairState = { present: [A, B], friendsSince: null, requests: [], blocks: [] };
const pending = (from: string, to: string, id = `req-${from}`) => ({
  id,
  fromUserId: from,
  toUserId: to,
  createdAt: '2024-12-31T00:00:00.000Z',
});
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error.code;
  }
  throw new Error('expected an AppError');
};

describe('friend rules', () => {
  it('sends a request once, then returns the same pending one', () => {
    const first = sendRequest(empty, A, B, ctx);
    const made = { id: 'req-new', fromUserId: A, toUserId: B, createdAt: ctx.now };
    assert.deepEqual(first.result, { status: 'pending', request: made, created: true });
    assert.deepEqual(first.changes, [{ kind: 'request', request: made }]);
    assert.deepEqual(
      first.events.map((e) => e.type),
      ['friendship.request_sent'],
    );
    const again = sendRequest({ ...empty, requests: [pending(A, B)] }, A, B, ctx);
    assert.deepEqual(again.changes, []);
    assert.deepEqual(again.events, []);
    assert.equal(again.result.status === 'pending' && again.result.created, false);
  });

  it('turns a request against a waiting reverse request into a friendship', () => {
    const reverse = pending(B, A);
    const t = sendRequest({ ...empty, requests: [reverse] }, A, B, ctx);
    assert.equal(t.result.status, 'accepted');
    assert.deepEqual(t.changes, [
      { kind: 'dropRequests', ids: [reverse.id] },
      { kind: 'befriend', since: ctx.now },
    ]);
    assert.deepEqual(t.events, [
      { type: 'friendship.request_accepted', payload: { requestId: reverse.id, fromUserId: B, toUserId: A } },
    ]);
  });

  it('refuses requests to self, unknown users, friends and across a block either way', () => {
    assert.equal(
      code(() => sendRequest(empty, A, A, ctx)),
      'VALIDATION.FAILED',
    );
    assert.equal(
      code(() => sendRequest({ ...empty, present: [A] }, A, B, ctx)),
      'USER.NOT_FOUND',
    );
    assert.equal(
      code(() => sendRequest({ ...empty, present: [B] }, A, B, ctx)),
      'FRIEND.UNAVAILABLE',
    );
    assert.equal(
      code(() => sendRequest({ ...empty, friendsSince: ctx.now }, A, B, ctx)),
      'FRIENDSHIP.ALREADY_EXISTS',
    );
    for (const [blockerId, blockedId] of [
      [A, B],
      [B, A],
    ] as const) {
      const blocked = { ...empty, blocks: [{ blockerId, blockedId, createdAt: ctx.now }] };
      assert.equal(
        code(() => sendRequest(blocked, A, B, ctx)),
        'FRIEND.BLOCKED',
      );
    }
  });

  it('lets only the recipient answer and only the sender cancel', () => {
    const state = { ...empty, requests: [pending(A, B)] };
    assert.equal(
      code(() => acceptRequest(state, 'req-a-user', A, ctx)),
      'FRIEND_REQUEST.FORBIDDEN',
    );
    assert.equal(
      code(() => declineRequest(state, 'req-a-user', A)),
      'FRIEND_REQUEST.FORBIDDEN',
    );
    assert.equal(
      code(() => cancelRequest(state, 'req-a-user', B)),
      'FRIEND_REQUEST.FORBIDDEN',
    );
    assert.equal(
      code(() => acceptRequest(state, 'req-a-user', 'third', ctx)),
      'FRIEND_REQUEST.NOT_FOUND',
    );
    assert.equal(
      code(() => acceptRequest(empty, 'req-a-user', B, ctx)),
      'FRIEND_REQUEST.NOT_FOUND',
    );
    assert.deepEqual(acceptRequest(state, 'req-a-user', B, ctx).changes.at(-1), { kind: 'befriend', since: ctx.now });
    assert.deepEqual(declineRequest(state, 'req-a-user', B).changes, [{ kind: 'dropRequests', ids: ['req-a-user'] }]);
    assert.equal(cancelRequest(state, 'req-a-user', A).events[0]?.type, 'friendship.request_cancelled');
  });

  it('blocks: drops friendship and requests, is idempotent, and unblocks only its own block', () => {
    const state = { ...empty, friendsSince: ctx.now, requests: [pending(B, A)] };
    const t = blockUser(state, A, B, ctx);
    assert.deepEqual(
      t.changes.map((c) => c.kind),
      ['dropRequests', 'unfriend', 'block'],
    );
    assert.deepEqual(
      t.events.map((e) => e.type),
      ['friendship.removed', 'friendship.blocked'],
    );
    const blocked = { ...empty, blocks: [{ blockerId: A, blockedId: B, createdAt: ctx.now }] };
    assert.equal(blockUser(blocked, A, B, ctx).result.created, false);
    assert.equal(blockUser(blocked, B, A, ctx).result.created, true, 'the other side may block too');
    assert.equal(
      code(() => unblockUser(blocked, B, A)),
      'BLOCK.NOT_FOUND',
    );
    assert.deepEqual(unblockUser(blocked, A, B).changes, [{ kind: 'unblock', blockerId: A, blockedId: B }]);
    assert.equal(
      code(() => removeFriend(empty, A, B)),
      'FRIENDSHIP.NOT_FOUND',
    );
  });

  it('pages with an opaque cursor and rejects a forged one', () => {
    const rows = ['a', 'b', 'c'].map((id) => ({ id }));
    const page = toPage(rows, 2, (row) => ({ key: row.id, id: row.id }));
    assert.deepEqual(page.items, rows.slice(0, 2));
    assert.deepEqual(decodeCursor(page.nextCursor ?? undefined), { key: 'b', id: 'b' });
    assert.equal(toPage(rows, 3, (row) => ({ key: row.id, id: row.id })).nextCursor, null);
    assert.equal(
      code(() => decodeCursor('not-base64-json')),
      'VALIDATION.FAILED',
    );
    assert.equal(
      code(() => decodeCursor(encodeCursor({ key: 'x', id: 'y' }).slice(2))),
      'VALIDATION.FAILED',
    );
  });
});

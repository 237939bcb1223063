import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BLOCK_CHECK, type BlockCheck } from './application/block-check';
import { fieldsOf, startFriendsApp, type ErrorBody, type FriendsApp, type GraphUser } from '../../testing/friends';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('blocks (integration)', function () {
  this.timeout(120_000);
  let f: FriendsApp;
  let check: BlockCheck;

  before(async () => {
    f = await startFriendsApp();
    check = f.app.booted.container.get<BlockCheck>(BLOCK_CHECK);
  });
  after(() => f.stop());

  const send = (from: GraphUser, to: GraphUser) =>
    f.call<ErrorBody>(from, 'POST', '/v1/friends/requests', { userId: to.id });

  it('removes the friendship and pending requests, and refuses requests both ways until unblocked', async () => {
    const [ann, ben, cat] = [await f.user('Ann'), await f.user('Ben'), await f.user('Cat')];
    await f.befriend(ann, ben);
    assert.equal((await send(cat, ann)).status, 201);
    assert.equal((await send(ann, cat)).status, 201, 'crossing request: now friends');
    assert.equal((await send(ben, cat)).status, 201);

    const blocked = await f.call<{ userId: string; createdAt: string }>(ann, 'POST', `/v1/blocks/${ben.id}`);
    assert.equal(blocked.status, 201);
    assert.equal(blocked.body.userId, ben.id);
    assert.equal(await f.edges(ann, ben, 'FRIENDS_WITH'), 0);
    assert.equal(await f.edges(ann, cat, 'FRIENDS_WITH'), 1, 'other friendships stay');
    assert.equal(await f.edges(ben, cat, 'REQUESTED'), 1, 'other requests stay');
    assert.deepEqual((await f.call<Page<unknown>>(ben, 'GET', '/v1/friends')).body.items, []);
    for (const [from, to] of [
      [ann, ben],
      [ben, ann],
    ] as const) {
      const res = await send(from, to);
      assert.equal(res.status, 403, `${from.displayName} -> ${to.displayName}`);
      assert.equal(res.body.error.code, 'FRIEND.BLOCKED');
    }
    assert.equal(await check.isBlockedBetween(ann.id, ben.id), true);
    assert.equal(await check.isBlockedBetween(ben.id, ann.id), true, 'either direction');
    assert.equal(await check.isBlockedBetween(ann.id, cat.id), false);

    const repeat = await f.call<{ createdAt: string }>(ann, 'POST', `/v1/blocks/${ben.id}`);
    assert.equal(repeat.status, 200);
    assert.equal(repeat.body.createdAt, blocked.body.createdAt);
    const list = await f.call<Page<{ user: { id: string; displayName: string } }>>(ann, 'GET', '/v1/blocks');
    assert.deepEqual(
      list.body.items.map((item) => [item.user.id, item.user.displayName]),
      [[ben.id, 'Ben']],
    );
    assert.deepEqual((await f.call<Page<unknown>>(ben, 'GET', '/v1/blocks')).body.items, []);
    const notTheirs = await f.call<ErrorBody>(ben, 'DELETE', `/v1/blocks/${ann.id}`);
    assert.equal(notTheirs.status, 404);
    assert.equal(notTheirs.body.error.code, 'BLOCK.NOT_FOUND');

    assert.equal((await f.call(ann, 'DELETE', `/v1/blocks/${ben.id}`)).status, 204);
    assert.equal(await check.isBlockedBetween(ann.id, ben.id), false);
    assert.deepEqual((await f.call<Page<unknown>>(ann, 'GET', '/v1/blocks')).body.items, []);
    assert.equal((await send(ben, ann)).status, 201, 'requests allowed again');
    assert.equal(await f.edges(ann, ben, 'FRIENDS_WITH'), 0, 'unblocking does not restore the friendship');
  });

  it('withdraws a pending request when its recipient blocks the sender, and keeps a mutual block until both lift it', async () => {
    const [dot, eli] = [await f.user('Dot'), await f.user('Eli')];
    assert.equal((await send(dot, eli)).status, 201);
    assert.equal((await f.call(eli, 'POST', `/v1/blocks/${dot.id}`)).status, 201);
    assert.equal(await f.edges(dot, eli, 'REQUESTED'), 0);
    assert.deepEqual(
      (await f.call<Page<unknown>>(dot, 'GET', '/v1/friends/requests?direction=outgoing')).body.items,
      [],
    );
    assert.equal((await f.call(dot, 'POST', `/v1/blocks/${eli.id}`)).status, 201, 'both may block');
    assert.equal((await f.call(eli, 'DELETE', `/v1/blocks/${dot.id}`)).status, 204);
    assert.equal((await send(eli, dot)).status, 403, "Dot's block still stands");
    assert.equal(await check.isBlockedBetween(dot.id, eli.id), true);
    assert.equal((await f.call(dot, 'DELETE', `/v1/blocks/${eli.id}`)).status, 204);
    assert.equal(await check.isBlockedBetween(dot.id, eli.id), false);
  });

  it('refuses to block yourself, an unknown user or a malformed id', async () => {
    const fox = await f.user('Fox');
    const self = await f.call<ErrorBody>(fox, 'POST', `/v1/blocks/${fox.id}`);
    assert.equal(self.status, 422);
    assert.deepEqual(fieldsOf(self), ['userId']);
    const unknown = await f.call<ErrorBody>(fox, 'POST', `/v1/blocks/${randomUUID()}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'USER.NOT_FOUND');
    const bad = await f.call<ErrorBody>(fox, 'POST', '/v1/blocks/x');
    assert.equal(bad.status, 422);
    assert.deepEqual(fieldsOf(bad), ['userId']);
    assert.equal((await f.app.request('GET', '/v1/blocks')).status, 401);
  });
});

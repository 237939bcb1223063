import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../testing/app';
import { fieldsOf, startFriendsApp, type ErrorBody, type FriendsApp } from '../../testing/friends';

interface RequestView {
  id: string;
  fromUserId: string;
  toUserId: string;
  user: { id: string; username: string; displayName: string };
}
interface SendBody {
  status: 'pending' | 'accepted';
  request: { id: string; fromUserId: string; toUserId: string };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('friend requests (integration)', function () {
  this.timeout(120_000);
  let f: FriendsApp;

  before(async () => {
    f = await startFriendsApp();
  });
  after(() => f.stop());

  it('walks a request through send, repeat, the illegal moves, and accept, with the right statuses', async () => {
    const [ada, bob, eve] = [await f.user('Ada'), await f.user('Bob'), await f.user('Eve')];
    const sent = await f.call<SendBody>(ada, 'POST', '/v1/friends/requests', { userId: bob.id });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.status, 'pending');
    const id = sent.body.request.id;
    const repeat = await f.call<SendBody>(ada, 'POST', '/v1/friends/requests', { userId: bob.id });
    assert.equal(repeat.status, 200);
    assert.equal(repeat.body.request.id, id, 'a repeat returns the pending request');
    assert.equal(await f.edges(ada, bob, 'REQUESTED'), 1);

    const incoming = await f.call<Page<RequestView>>(bob, 'GET', '/v1/friends/requests?direction=incoming');
    assert.deepEqual(
      incoming.body.items.map((item) => [item.id, item.user]),
      [[id, { id: ada.id, username: ada.username, displayName: 'Ada' }]],
    );
    const outgoing = await f.call<Page<RequestView>>(ada, 'GET', '/v1/friends/requests?direction=outgoing');
    assert.deepEqual(
      outgoing.body.items.map((item) => item.user.displayName),
      ['Bob'],
    );
    assert.deepEqual((await f.call<Page<RequestView>>(ada, 'GET', '/v1/friends/requests')).body.items, []);

    const illegal: [typeof ada, string, string, number, string][] = [
      [ada, 'POST', `/v1/friends/requests/${id}/accept`, 403, 'FRIEND_REQUEST.FORBIDDEN'],
      [ada, 'POST', `/v1/friends/requests/${id}/decline`, 403, 'FRIEND_REQUEST.FORBIDDEN'],
      [bob, 'DELETE', `/v1/friends/requests/${id}`, 403, 'FRIEND_REQUEST.FORBIDDEN'],
      [eve, 'POST', `/v1/friends/requests/${id}/decline`, 404, 'FRIEND_REQUEST.NOT_FOUND'],
      [eve, 'POST', `/v1/friends/requests/${id}/accept`, 404, 'FRIEND_REQUEST.NOT_FOUND'],
      [eve, 'DELETE', `/v1/friends/requests/${id}`, 404, 'FRIEND_REQUEST.NOT_FOUND'],
    ];
    for (const [who, method, path, status, code] of illegal) {
      const res = await f.call<ErrorBody>(who, method, path);
      assert.equal(res.status, status, `${who.displayName} ${method} ${path}`);
      assert.equal(res.body.error.code, code);
    }
    assert.equal(await f.edges(ada, bob, 'REQUESTED'), 1, 'refused moves change nothing');

    const accepted = await f.call<{ since: string }>(bob, 'POST', `/v1/friends/requests/${id}/accept`);
    assert.equal(accepted.status, 200);
    assert.equal(await f.edges(ada, bob, 'FRIENDS_WITH'), 1);
    assert.equal(await f.edges(ada, bob, 'REQUESTED'), 0);
    const again = await f.call<ErrorBody>(bob, 'POST', `/v1/friends/requests/${id}/accept`);
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 'FRIEND_REQUEST.NOT_FOUND');
    const toFriend = await f.call<ErrorBody>(bob, 'POST', '/v1/friends/requests', { userId: ada.id });
    assert.equal(toFriend.status, 409);
    assert.equal(toFriend.body.error.code, 'FRIENDSHIP.ALREADY_EXISTS');

    const friendsOfBob = await f.call<Page<{ id: string; since: string }>>(bob, 'GET', '/v1/friends');
    assert.deepEqual(
      friendsOfBob.body.items.map((item) => [item.id, item.since]),
      [[ada.id, accepted.body.since]],
    );
    assert.equal(await f.edges(ada, bob, 'FRIENDS_WITH'), 1);

    assert.equal((await f.call(ada, 'DELETE', `/v1/friends/${bob.id}`)).status, 204);
    assert.equal(await f.edges(ada, bob, 'FRIENDS_WITH'), 0);
    assert.deepEqual((await f.call<Page<unknown>>(bob, 'GET', '/v1/friends')).body.items, []);
    const unfriendAgain = await f.call<ErrorBody>(bob, 'DELETE', `/v1/friends/${ada.id}`);
    assert.equal(unfriendAgain.status, 404);
    assert.equal(unfriendAgain.body.error.code, 'FRIENDSHIP.NOT_FOUND');
  });

  it('declines and cancels; each frees the pair for a new request', async () => {
    const [dan, fay] = [await f.user('Dan'), await f.user('Fay')];
    const first = await f.call<SendBody>(dan, 'POST', '/v1/friends/requests', { userId: fay.id });
    assert.equal((await f.call(fay, 'POST', `/v1/friends/requests/${first.body.request.id}/decline`)).status, 204);
    assert.equal(await f.edges(dan, fay, 'REQUESTED'), 0);
    assert.equal(await f.edges(dan, fay, 'FRIENDS_WITH'), 0);
    const second = await f.call<SendBody>(dan, 'POST', '/v1/friends/requests', { userId: fay.id });
    assert.equal(second.status, 201);
    assert.notEqual(second.body.request.id, first.body.request.id);
    assert.equal((await f.call(dan, 'DELETE', `/v1/friends/requests/${second.body.request.id}`)).status, 204);
    assert.deepEqual((await f.call<Page<unknown>>(fay, 'GET', '/v1/friends/requests')).body.items, []);
    const cancelAgain = await f.call<ErrorBody>(dan, 'DELETE', `/v1/friends/requests/${second.body.request.id}`);
    assert.equal(cancelAgain.status, 404);
  });

  it('refuses requests to yourself or to unknown users, and bad input, naming the field', async () => {
    const gus = await f.user('Gus');
    const self = await f.call<ErrorBody>(gus, 'POST', '/v1/friends/requests', { userId: gus.id });
    assert.equal(self.status, 422);
    assert.deepEqual(fieldsOf(self), ['userId']);
    const unknown = await f.call<ErrorBody>(gus, 'POST', '/v1/friends/requests', { userId: randomUUID() });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'USER.NOT_FOUND');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/friends/requests', { userId: 'nope' }, 'userId'],
      ['POST', '/v1/friends/requests', {}, 'userId'],
      ['POST', '/v1/friends/requests/not-a-uuid/accept', undefined, 'id'],
      ['GET', '/v1/friends/requests?direction=sideways', undefined, 'direction'],
      ['GET', '/v1/friends?limit=0', undefined, 'limit'],
      ['GET', '/v1/friends?limit=101', undefined, 'limit'],
      ['GET', '/v1/friends?cursor=garbage', undefined, 'cursor'],
      ['DELETE', '/v1/friends/123', undefined, 'userId'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await f.call<ErrorBody>(gus, method, path, body);
      assert.equal(res.status, 422, `${method} ${path}`);
      assert.deepEqual(fieldsOf(res), [field], `${method} ${path}`);
    }
    assert.equal((await f.app.request('GET', '/v1/friends')).status, 401);
  });

  it('forgets a deleted account: its friendships, requests, blocks and pair locks go', async () => {
    const [gus, hal, ivy, gone] = [await f.user('Gus'), await f.user('Hal'), await f.user('Ivy'), await f.user('Gone')];
    await f.befriend(gus, gone);
    assert.equal((await f.call(gone, 'POST', '/v1/friends/requests', { userId: hal.id })).status, 201);
    assert.equal((await f.call(gone, 'POST', `/v1/blocks/${ivy.id}`)).status, 201);
    const pairs = async () =>
      (
        await f.neo4j.executeQuery('MATCH (p:FriendPair) WHERE p.lo = $id OR p.hi = $id RETURN count(p) AS n', {
          id: gone.id,
        })
      ).records[0]?.get('n') as number;
    assert.equal(await pairs(), 3, 'one pair lock per pair it touched');
    assert.equal((await f.call(gone, 'DELETE', '/v1/users/me')).status, 204);
    await eventually(
      'the deleted user to leave the friend list',
      async () => (await f.call<Page<{ id: string }>>(gus, 'GET', '/v1/friends')).body.items.length,
      (n) => n === 0,
    );
    assert.deepEqual((await f.call<Page<unknown>>(hal, 'GET', '/v1/friends/requests')).body.items, []);
    assert.equal(await pairs(), 0);
    const request = await f.call<ErrorBody>(ivy, 'POST', '/v1/friends/requests', { userId: gone.id });
    assert.equal(request.status, 404);
    assert.equal(request.body.error.code, 'USER.NOT_FOUND');
  });

  it('makes two users who ask each other at the same moment friends exactly once', async () => {
    for (let round = 0; round < 6; round += 1) {
      const [a, b] = [await f.user(`Racer A${round}`), await f.user(`Racer B${round}`)];
      if (round % 2 === 1) {
        // The pair has a history (its lock node exists): the race is then on the lock, not on creating it.
        const earlier = await f.call<SendBody>(a, 'POST', '/v1/friends/requests', { userId: b.id });
        assert.equal((await f.call(a, 'DELETE', `/v1/friends/requests/${earlier.body.request.id}`)).status, 204);
      }
      const results = await Promise.all([
        f.call<SendBody>(a, 'POST', '/v1/friends/requests', { userId: b.id }),
        f.call<SendBody>(b, 'POST', '/v1/friends/requests', { userId: a.id }),
      ]);
      assert.deepEqual(results.map((res) => res.status).sort(), [201, 201], JSON.stringify(results.map((r) => r.body)));
      assert.deepEqual(results.map((res) => res.body.status).sort(), ['accepted', 'pending']);
      assert.equal(await f.edges(a, b, 'FRIENDS_WITH'), 1);
      assert.equal(await f.edges(a, b, 'REQUESTED'), 0);
    }
  });

  it('pages a friend list by username with an opaque cursor to the end', async () => {
    const hub = await f.user('Hub');
    const friends = [];
    for (const name of ['Cy', 'Al', 'Em', 'Bo', 'Di']) {
      const friend = await f.user(name);
      await f.befriend(friend, hub);
      friends.push(friend);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { body: Page<{ id: string; username: string }> } = await f.call(
        hub,
        'GET',
        `/v1/friends?limit=2${query}`,
      );
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 3);
    const expected = [...friends].sort((x, y) => x.username.localeCompare(y.username)).map((friend) => friend.id);
    assert.deepEqual(seen, expected);
  });
});

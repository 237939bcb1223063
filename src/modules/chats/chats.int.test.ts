import assert from 'node:assert/strict';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, fields, groupChat, type ChatJson, type ErrorJson } from '../../testing/chats';
import { registerUser, type RegisteredUser } from '../../testing/users';

describe('chats (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let users: RegisteredUser[];
  let [owner, admin, member, outsider, fifth] = [] as RegisteredUser[];

  before(async () => {
    app = await startTestApp();
    users = await chatUsers(app, 5);
    [owner, admin, member, outsider, fifth] = users as [
      RegisteredUser,
      RegisteredUser,
      RegisteredUser,
      RegisteredUser,
      RegisteredUser,
    ];
  });
  after(() => app.stop());

  const as = (user: RegisteredUser, method: string, path: string, body?: unknown) =>
    app.request<ChatJson & ErrorJson>(method, path, { token: user.accessToken, body });

  it('has exactly one direct chat per pair, also under concurrent creation', async () => {
    const [a, b] = await chatUsers(app, 2);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? as(a!, 'POST', '/v1/chats', { type: 'direct', userId: b!.id })
          : as(b!, 'POST', '/v1/chats', { type: 'direct', userId: a!.id }),
      ),
    );
    const ids = new Set(results.map((res) => res.body.id));
    assert.equal(ids.size, 1, 'one chat for the pair');
    assert.deepEqual(results.map((res) => res.status).filter((s) => s === 201).length, 1);
    assert.ok(results.every((res) => res.status === 201 || res.status === 200));
    const again = await as(a!, 'POST', '/v1/chats', { type: 'direct', userId: b!.id });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, [...ids][0]);
  });

  it('refuses a new direct chat across a block, in either direction (asking the graph)', async () => {
    const [blocker, blocked] = await chatUsers(app, 2);
    const block = await eventually(
      'the block (once both users reached the graph)',
      () => app.request('POST', `/v1/blocks/${blocked!.id}`, { token: blocker!.accessToken }),
      (res) => res.status < 300,
      20_000,
    );
    assert.ok(block.status < 300);
    for (const [from, to] of [
      [blocker!, blocked!],
      [blocked!, blocker!],
    ] as const) {
      const res = await as(from, 'POST', '/v1/chats', { type: 'direct', userId: to.id });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'CHAT.BLOCKED');
    }
  });

  it('stops messages in an existing direct chat, and adding to a group, across a block', async () => {
    const [blocker, blocked, friend] = await chatUsers(app, 3);
    const direct = await as(blocker!, 'POST', '/v1/chats', { type: 'direct', userId: blocked!.id });
    assert.equal(direct.status, 201);
    const say = (from: RegisteredUser, chatId: string, body: string) =>
      as(from, 'POST', `/v1/chats/${chatId}/messages`, { body, clientMsgId: `${body}-${Date.now()}` });
    assert.equal((await say(blocked!, direct.body.id, 'before')).status, 201);
    await eventually(
      'the block (once both users reached the graph)',
      () => app.request('POST', `/v1/blocks/${blocked!.id}`, { token: blocker!.accessToken }),
      (res) => res.status < 300,
      20_000,
    );
    for (const from of [blocked!, blocker!]) {
      const refused = await say(from, direct.body.id, 'after');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'CHAT.BLOCKED');
    }
    const created = await as(blocker!, 'POST', '/v1/chats', {
      type: 'group',
      title: 'no blocked users',
      memberIds: [friend!.id, blocked!.id],
    });
    assert.equal(created.status, 403);
    assert.deepEqual(fields(created.body), ['memberIds']);
    const group = await groupChat(app, blocker!, [friend!]);
    const added = await as(blocker!, 'POST', `/v1/chats/${group.id}/members`, { userIds: [blocked!.id] });
    assert.equal(added.status, 403);
    assert.deepEqual(fields(added.body), ['userIds']);
    assert.equal((await as(friend!, 'GET', `/v1/chats/${group.id}`)).body.members.length, 2);
  });

  it('creates a chat with a user who registered a moment ago (before any projection of them)', async () => {
    const [me] = await chatUsers(app, 1);
    for (let i = 0; i < 3; i += 1) {
      const newcomer = await registerUser(app);
      const direct = await as(me!, 'POST', '/v1/chats', { type: 'direct', userId: newcomer.id });
      assert.equal(direct.status, 201, JSON.stringify(direct.body));
      const group = await as(me!, 'POST', '/v1/chats', { type: 'group', title: 'hi', memberIds: [newcomer.id] });
      assert.equal(group.status, 201, JSON.stringify(group.body));
    }
  });

  it('refuses a direct chat with yourself or an unknown user, naming the field', async () => {
    const self = await as(owner!, 'POST', '/v1/chats', { type: 'direct', userId: owner!.id });
    assert.equal(self.status, 422);
    assert.deepEqual(fields(self.body), ['userId']);
    const unknown = await as(owner!, 'POST', '/v1/chats', {
      type: 'direct',
      userId: '00000000-0000-4000-8000-000000000001',
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'USER.NOT_FOUND');
  });

  it('enforces the authorization matrix: owner, admin, member, non-member, removed member', async () => {
    const chat = await groupChat(app, owner!, [admin!, member!, fifth!]);
    assert.equal(
      (await as(owner!, 'PATCH', `/v1/chats/${chat.id}/members/${admin!.id}`, { role: 'admin' })).status,
      200,
    );
    const path = `/v1/chats/${chat.id}`;

    // Non-member: 404 for everything, as if the chat did not exist.
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { title: 'x' }],
      ['POST', '/members', { userIds: [outsider!.id] }],
      ['POST', '/read', { seq: 0 }],
      ['GET', '/messages', undefined],
      ['POST', '/messages', { body: 'hi', clientMsgId: 'c1' }],
    ] as const) {
      const res = await as(outsider!, method, `${path}${suffix}`, body);
      assert.equal(res.status, 404, `${method} ${suffix}`);
      assert.equal(res.body.error.code, 'CHAT.NOT_FOUND');
    }
    // Member: reads (with every member's display name) and writes messages, but cannot manage.
    const seen = await app.request<{ members: { userId: string; username?: string }[] }>('GET', path, {
      token: member!.accessToken,
    });
    assert.equal(seen.status, 200);
    assert.equal(seen.body.members.find((m) => m.userId === owner!.id)?.username, owner!.username);
    assert.equal((await as(member!, 'PATCH', path, { title: 'mine' })).status, 403);
    assert.equal((await as(member!, 'POST', `${path}/members`, { userIds: [outsider!.id] })).status, 403);
    assert.equal((await as(member!, 'DELETE', `${path}/members/${fifth!.id}`)).status, 403);
    // Admin: renames, adds and removes members, but does not change roles or remove the owner.
    assert.equal((await as(admin!, 'PATCH', path, { title: 'renamed' })).body.title, 'renamed');
    assert.equal((await as(admin!, 'POST', `${path}/members`, { userIds: [outsider!.id] })).status, 200);
    assert.equal((await as(admin!, 'DELETE', `${path}/members/${outsider!.id}`)).status, 204);
    assert.equal((await as(admin!, 'PATCH', `${path}/members/${member!.id}`, { role: 'admin' })).status, 403);
    assert.equal((await as(admin!, 'DELETE', `${path}/members/${owner!.id}`)).status, 403);
    // Removed member: 404 from then on.
    assert.equal((await as(outsider!, 'GET', path)).status, 404);
    // Owner: changes roles.
    const promoted = await as(owner!, 'PATCH', `${path}/members/${member!.id}`, { role: 'admin' });
    assert.equal(promoted.body.members.find((m) => m.userId === member!.id)?.role, 'admin');
  });

  it('hands ownership to the longest-standing admin when the last owner leaves', async () => {
    const chat = await groupChat(app, owner!, [member!, admin!]);
    await as(owner!, 'PATCH', `/v1/chats/${chat.id}/members/${admin!.id}`, { role: 'admin' });
    assert.equal((await as(owner!, 'DELETE', `/v1/chats/${chat.id}/members/${owner!.id}`)).status, 204);
    const after = await as(admin!, 'GET', `/v1/chats/${chat.id}`);
    assert.deepEqual(
      after.body.members.map((m) => [m.userId, m.role]).sort(),
      [
        [admin!.id, 'owner'],
        [member!.id, 'member'],
      ].sort(),
    );
    assert.equal((await as(owner!, 'GET', `/v1/chats/${chat.id}`)).status, 404);
  });

  it('lists chats by last activity with last message and unread count, page by page', async () => {
    const [me, a, b, c] = await chatUsers(app, 4);
    const chats: ChatJson[] = [];
    for (const other of [a!, b!, c!])
      chats.push((await as(me!, 'POST', '/v1/chats', { type: 'direct', userId: other.id })).body);
    // Activity: c's chat first, then a's; b's chat stays quiet.
    await app.request('POST', `/v1/chats/${chats[2]!.id}/messages`, {
      token: c!.accessToken,
      body: { body: 'from c', clientMsgId: 'c-1' },
    });
    await app.request('POST', `/v1/chats/${chats[0]!.id}/messages`, {
      token: a!.accessToken,
      body: { body: 'from a 1', clientMsgId: 'a-1' },
    });
    await app.request('POST', `/v1/chats/${chats[0]!.id}/messages`, {
      token: a!.accessToken,
      body: { body: 'from a 2', clientMsgId: 'a-2' },
    });
    const first = await app.request<{ items: ChatJson[]; nextCursor: string }>('GET', '/v1/chats?limit=2', {
      token: me!.accessToken,
    });
    assert.deepEqual(
      first.body.items.map((chat) => chat.id),
      [chats[0]!.id, chats[2]!.id],
    );
    assert.equal(first.body.items[0]?.unreadCount, 2);
    assert.equal(first.body.items[0]?.lastMessage?.preview, 'from a 2');
    const second = await app.request<{ items: ChatJson[]; nextCursor: string | null }>(
      'GET',
      `/v1/chats?limit=2&cursor=${first.body.nextCursor}`,
      { token: me!.accessToken },
    );
    assert.deepEqual(
      second.body.items.map((chat) => chat.id),
      [chats[1]!.id],
    );
    assert.equal(second.body.nextCursor, null);
    // Reading moves the marker forward only, and the count follows.
    assert.equal((await as(me!, 'POST', `/v1/chats/${chats[0]!.id}/read`, { seq: 1 })).body.unreadCount, 1);
    assert.equal(
      (await as(me!, 'POST', `/v1/chats/${chats[0]!.id}/read`, { seq: 0 })).body.unreadCount,
      1,
      'never back',
    );
    const beyond = await as(me!, 'POST', `/v1/chats/${chats[0]!.id}/read`, { seq: 99 });
    assert.equal(beyond.status, 422);
    assert.deepEqual(fields(beyond.body), ['seq']);
    assert.equal((await as(me!, 'POST', `/v1/chats/${chats[0]!.id}/read`, { seq: 2 })).body.unreadCount, 0);
  });

  it('answers the bad-input matrix with 4xx naming the field', async () => {
    const chat = await groupChat(app, owner!, [member!]);
    const cases: [string, string, unknown, number, string[]][] = [
      ['POST', '/v1/chats', { type: 'channel' }, 422, ['type']],
      ['POST', '/v1/chats', { type: 'direct', userId: 'nope' }, 422, ['userId']],
      ['POST', '/v1/chats', { type: 'group', title: '', memberIds: [] }, 422, ['title']],
      ['POST', '/v1/chats', { type: 'group', title: 'x'.repeat(101) }, 422, ['title']],
      ['POST', '/v1/chats', { type: 'group', title: 't', memberIds: ['bad'] }, 422, ['memberIds.0']],
      ['PATCH', `/v1/chats/${chat.id}`, { title: '  ' }, 422, ['title']],
      ['POST', `/v1/chats/${chat.id}/members`, { userIds: [] }, 422, ['userIds']],
      ['PATCH', `/v1/chats/${chat.id}/members/${member!.id}`, { role: 'king' }, 422, ['role']],
      ['POST', `/v1/chats/${chat.id}/read`, { seq: -1 }, 422, ['seq']],
      ['POST', `/v1/chats/${chat.id}/read`, { seq: 1.5 }, 422, ['seq']],
      ['GET', '/v1/chats/not-a-uuid', undefined, 422, ['id']],
      ['GET', '/v1/chats?cursor=garbage', undefined, 422, ['cursor']],
      ['GET', '/v1/chats?limit=0', undefined, 422, ['limit']],
    ];
    for (const [method, path, body, status, expected] of cases) {
      const res = await as(owner!, method, path, body);
      assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)}`);
      assert.deepEqual(fields(res.body), expected, `${method} ${path}`);
    }
    const direct = (await as(owner!, 'POST', '/v1/chats', { type: 'direct', userId: fifth!.id })).body;
    const renameDirect = await as(owner!, 'PATCH', `/v1/chats/${direct.id}`, { title: 'no' });
    assert.equal(renameDirect.status, 422);
    assert.equal(renameDirect.body.error.code, 'CHAT.INVALID');
  });

  it('removes a deleted account from its chats, keeping its messages', async () => {
    const [leaver, stayer] = await chatUsers(app, 2);
    const chat = await groupChat(app, leaver!, [stayer!]);
    await app.request('POST', `/v1/chats/${chat.id}/messages`, {
      token: leaver!.accessToken,
      body: { body: 'bye', clientMsgId: 'bye' },
    });
    assert.equal((await app.request('DELETE', '/v1/users/me', { token: leaver!.accessToken })).status, 204);
    const view = await eventually(
      'the leaver gone',
      () => as(stayer!, 'GET', `/v1/chats/${chat.id}`),
      (res) => res.body.members.length === 1,
      20_000,
    );
    assert.deepEqual(
      view.body.members.map((m) => [m.userId, m.role]),
      [[stayer!.id, 'owner']],
    );
    const history = await app.request<{ items: { senderId: string; body: string }[] }>(
      'GET',
      `/v1/chats/${chat.id}/messages`,
      { token: stayer!.accessToken },
    );
    assert.deepEqual(
      history.body.items.map((m) => [m.senderId, m.body]),
      [[leaver!.id, 'bye']],
    );
  });
});

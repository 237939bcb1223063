import assert from 'node:assert/strict';
import { eventually, startTestApp, type RequestOptions, type TestApp } from '../../testing/app';
import { uniqueName } from '../../testing/users';
import { HTTP_ROUTE, type HttpRoute } from './contributions';
import { errorCodesByStatus } from './openapi/document';
import { errorEnvelopeSchema } from './openapi/error-envelope';
import { joinRoutePath, type HttpOperation } from './route-table';

interface Declared {
  readonly key: string;
  readonly pattern: RegExp;
  readonly operation: HttpOperation;
}

/** Every declared operation of the app's feature routes, in mount (= matching) order. */
function declaredOperations(app: TestApp): Declared[] {
  return app.booted.container.getAll<HttpRoute>(HTTP_ROUTE).flatMap((route) =>
    route.routes.operations.map((operation) => {
      const path = joinRoutePath(route.path, operation.path);
      const pattern = new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`);
      return { key: `${operation.method.toUpperCase()} ${path}`, pattern, operation };
    }),
  );
}

type Json = Record<string, unknown>;

/**
 * Drives the real api through (nearly) every route and checks each answer against what its
 * declaration documents: a declared status, a body that the response schema parses to itself (no
 * missing and no undocumented fields), and errors in the Error envelope with a documented code.
 */
describe('answers match the OpenAPI declarations (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let declared: Declared[];
  const covered = new Set<string>();

  before(async () => {
    app = await startTestApp();
    declared = declaredOperations(app);
  });
  after(() => app.stop());

  async function call<T = Json>(method: string, path: string, options: RequestOptions = {}) {
    const res = await app.request<T>(method, path, options);
    const found = declared.find((d) => d.key.startsWith(`${method} `) && d.pattern.test(path.split('?')[0] ?? ''));
    assert.ok(found, `${method} ${path} matches no declared route`);
    covered.add(found.key);
    const where = `${method} ${path} -> ${res.status}`;
    const answer = found.operation.responses[res.status];
    if (answer) {
      if (answer.schema)
        assert.deepEqual(answer.schema.parse(res.body), res.body, `${where}: body differs from its schema`);
      else assert.equal(res.body, undefined, `${where}: documented without a body`);
      return res;
    }
    const codes = errorCodesByStatus(found.operation).get(res.status);
    assert.ok(codes, `${where}: status not documented (${JSON.stringify(res.body)})`);
    const envelope = errorEnvelopeSchema.parse(res.body);
    assert.ok(codes.includes(envelope.error.code), `${where}: code ${envelope.error.code} not documented`);
    return res;
  }

  const register = async () => {
    const username = uniqueName('oa');
    const res = await call<{ user: { id: string }; accessToken: string; refreshToken: string }>(
      'POST',
      '/v1/auth/register',
      { body: { username, email: `${username}@example.test`, password: 'correct horse battery' } },
    );
    assert.equal(res.status, 201);
    return { id: res.body.user.id, username, token: res.body.accessToken, refresh: res.body.refreshToken };
  };

  it('for auth, users, friends, blocks, chats, messages, search, presence and notifications', async () => {
    const [a, b, c] = [await register(), await register(), await register()];
    const as = (user: { token: string }, body?: unknown) => ({ token: user.token, body });

    const login = await call('POST', '/v1/auth/login', {
      body: { username: a.username, password: 'correct horse battery' },
    });
    const refreshed = await call<{ refreshToken: string }>('POST', '/v1/auth/refresh', {
      body: { refreshToken: (login.body as { refreshToken: string }).refreshToken },
    });
    assert.equal(
      (await call('POST', '/v1/auth/logout', { body: { refreshToken: refreshed.body.refreshToken } })).status,
      204,
    );
    const leaving = await register();
    assert.equal((await call('POST', '/v1/auth/logout-all', as(leaving))).status, 204);
    await call('POST', '/v1/auth/logout-all', as(leaving));
    await call('POST', '/v1/auth/login', { body: { username: a.username, password: 'wrong password' } });
    await call('POST', '/v1/auth/register', { body: { username: a.username } });

    await call('GET', '/v1/users/me', as(a));
    await call('GET', '/v1/users/me');
    await call('PATCH', '/v1/users/me', as(a, { displayName: 'Alice A' }));
    await call('GET', `/v1/users/${b.id}`, as(a));
    await call('GET', `/v1/users/${crypto.randomUUID()}`, as(a));
    await call('GET', `/v1/users?query=${a.username.slice(0, 5)}`, as(a));

    // Friend requests wait for the users' (:User) nodes, which the worker projects from events.
    const sent = await eventually(
      'the friend graph to know the new users',
      () => call<{ request: { id: string } }>('POST', '/v1/friends/requests', as(a, { userId: b.id })),
      (res) => res.status === 201,
    );
    await call('POST', '/v1/friends/requests', as(a, { userId: b.id }));
    await call('GET', '/v1/friends/requests?direction=outgoing', as(a));
    await call('POST', `/v1/friends/requests/${sent.body.request.id}/accept`, as(b));
    await call('POST', `/v1/friends/requests/${sent.body.request.id}/accept`, as(b));
    const toC = await call<{ request: { id: string } }>('POST', '/v1/friends/requests', as(a, { userId: c.id }));
    await call('POST', `/v1/friends/requests/${toC.body.request.id}/decline`, as(c));
    const again = await call<{ request: { id: string } }>('POST', '/v1/friends/requests', as(b, { userId: c.id }));
    await call('DELETE', `/v1/friends/requests/${again.body.request.id}`, as(b));
    await call('GET', '/v1/friends', as(a));
    await call('GET', `/v1/friends/${b.id}/mutual`, as(a));
    await call('GET', '/v1/friends/suggestions', as(c));
    await call('GET', `/v1/friends/path/${b.id}`, as(a));
    await call('DELETE', `/v1/friends/${b.id}`, as(a));
    await call('DELETE', `/v1/friends/${b.id}`, as(a));

    await call('POST', `/v1/blocks/${c.id}`, as(b));
    await call('GET', '/v1/blocks', as(b));
    await call('DELETE', `/v1/blocks/${c.id}`, as(b));
    await call('DELETE', `/v1/blocks/${c.id}`, as(b));

    const group = await call<{ id: string }>(
      'POST',
      '/v1/chats',
      as(a, { type: 'group', title: 'Docs', memberIds: [b.id] }),
    );
    await call('POST', '/v1/chats', as(a, { type: 'direct', userId: b.id }));
    await call('POST', '/v1/chats', as(a, { type: 'direct', userId: b.id }));
    await call('GET', '/v1/chats?limit=1', as(a));
    await call('GET', `/v1/chats/${group.body.id}`, as(a));
    await call('GET', `/v1/chats/${group.body.id}`, as(c));
    await call('PATCH', `/v1/chats/${group.body.id}`, as(a, { title: 'Docs 2' }));
    await call('PATCH', `/v1/chats/${group.body.id}`, as(b, { title: 'Mine now' }));
    await call('POST', `/v1/chats/${group.body.id}/members`, as(a, { userIds: [c.id] }));
    await call('PATCH', `/v1/chats/${group.body.id}/members/${c.id}`, as(a, { role: 'admin' }));
    await call('DELETE', `/v1/chats/${group.body.id}/members/${c.id}`, as(a));

    const chat = group.body.id;
    const sentMessage = await call<{ id: string; seq: number }>(
      'POST',
      `/v1/chats/${chat}/messages`,
      as(a, { body: 'searchable contract words', clientMsgId: 'contract-1' }),
    );
    await call(
      'POST',
      `/v1/chats/${chat}/messages`,
      as(a, { body: 'searchable contract words', clientMsgId: 'contract-1' }),
    );
    await call('GET', `/v1/chats/${chat}/messages?limit=10`, as(b));
    const message = `/v1/chats/${chat}/messages/${sentMessage.body.id}`;
    await call('PATCH', message, as(a, { body: 'edited contract words' }));
    await call('PATCH', message, as(b, { body: 'not mine' }));
    await call('PUT', `${message}/reactions/%F0%9F%91%8D`, as(b));
    await call('DELETE', `${message}/reactions/%F0%9F%91%8D`, as(b));
    await call('POST', `/v1/chats/${chat}/read`, as(b, { seq: sentMessage.body.seq }));
    await call('POST', `/v1/chats/${chat}/read`, as(b, { seq: 99 }));
    await call('GET', `/v1/search/messages?q=contract&chatId=${chat}`, as(a));
    await call('GET', '/v1/search/messages?q=', as(a));
    await call('DELETE', message, as(a));
    await call('GET', `/v1/presence?userIds=${a.id},${b.id}`, as(a));
    await call('GET', '/v1/presence?userIds=nope', as(a));
    await call('GET', '/v1/notifications?limit=5', as(b));
    await call('GET', '/v1/notifications?cursor=forged', as(b));
    await call('POST', `/v1/notifications/${crypto.randomUUID()}/read`, as(b));
    await call('POST', '/v1/chats', { token: a.token, raw: '{"type":' });
    await call('DELETE', '/v1/users/me', as(c));

    const mine = ['Auth', 'Users', 'Friends', 'Blocks', 'Chats', 'Messages', 'Search', 'Presence', 'Notifications'];
    const untested = declared
      .filter(({ operation, key }) => mine.includes(operation.tag) && !covered.has(key))
      .map(({ key }) => key);
    assert.deepEqual(untested, [], 'declared routes this scenario never called');
  });
});

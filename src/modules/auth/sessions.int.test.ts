import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { WS_CLOSE } from '../../platform/ws';
import { eventually, startTestApp, type TestApp, type TestResponse } from '../../testing/app';
import { chatUsers, groupChat } from '../../testing/chats';
import { testConfig } from '../../testing/config';
import { registerUser, type RegisteredUser } from '../../testing/users';
import { WsTestClient } from '../../testing/ws';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** The claims of a token (no verification: the test reads what the server issued). */
const claimsOf = (token: string): { sid: string; iat: number; exp: number } =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sid: string;
    iat: number;
    exp: number;
  };

const login = async (app: TestApp, user: RegisteredUser): Promise<Tokens> => {
  const res = await app.request<Tokens>('POST', '/v1/auth/login', {
    body: { username: user.username, password: user.password },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};

const status = async (app: TestApp, token: string): Promise<number> =>
  (await app.request('GET', '/v1/users/me', { token })).status;

/** Races a request frame against the close: the ack it got, if any, and the close code. */
async function sendAfterRevocation(client: WsTestClient, payload: unknown): Promise<{ acked: boolean; code: number }> {
  const id = randomUUID();
  client.send({ type: 'message.send', id, payload });
  const { code } = await client.closed;
  return { acked: client.frames.some((frame) => frame.type === 'ack' && frame.id === id), code };
}

describe('sessions end at once: logout, logout everywhere, deletion (integration)', function () {
  this.timeout(90_000);
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('a deleted account: its token gets 401 at once, its socket closes with 4004 and its message.send is refused', async () => {
    const [owner, other] = await chatUsers(app, 2);
    assert.ok(owner && other);
    const chat = await groupChat(app, owner, [other]);
    const socket = await WsTestClient.connect(app.base, { token: owner.accessToken });
    const sent = await socket.request('message.send', { chatId: chat.id, body: 'before', clientMsgId: 'c1' });
    assert.equal(sent.ok, true, JSON.stringify(sent));

    assert.equal((await app.request('DELETE', '/v1/users/me', { token: owner.accessToken })).status, 204);
    const attempts: [string, string][] = [
      ['GET', '/v1/users/me'],
      ['GET', '/v1/chats'],
      ['DELETE', '/v1/users/me'],
    ];
    for (const [method, path] of attempts) {
      const res: TestResponse<{ error: { code: string } }> = await app.request(method, path, {
        token: owner.accessToken,
      });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'AUTH.UNAUTHENTICATED');
    }
    const refused = await sendAfterRevocation(socket, { chatId: chat.id, body: 'after', clientMsgId: 'c2' });
    assert.equal(refused.code, WS_CLOSE.sessionRevoked);
    assert.equal(refused.acked, false, 'message.send after deletion got an ack');
    const reconnect = await WsTestClient.connect(app.base);
    reconnect.send({ type: 'auth', id: 'a', payload: { token: owner.accessToken } });
    assert.equal((await reconnect.closed).code, WS_CLOSE.unauthenticated);
    const messages = await app.request<{ items: { body: string }[] }>('GET', `/v1/chats/${chat.id}/messages`, {
      token: other.accessToken,
    });
    assert.deepEqual(
      messages.body.items.map((message) => message.body),
      ['before'],
    );
  });

  it('logout ends its own session on REST and WebSocket; another session of the user carries on', async () => {
    const user = await registerUser(app);
    const second = await login(app, user);
    assert.notEqual(claimsOf(user.accessToken).sid, claimsOf(second.accessToken).sid, 'one session per login');
    const first = await WsTestClient.connect(app.base, { token: user.accessToken });
    const other = await WsTestClient.connect(app.base, { token: second.accessToken });

    assert.equal(
      (await app.request('POST', '/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status,
      204,
    );
    assert.equal(await status(app, user.accessToken), 401);
    const refused = await sendAfterRevocation(first, { chatId: randomUUID(), body: 'x', clientMsgId: 'c1' });
    assert.equal(refused.code, WS_CLOSE.sessionRevoked);
    assert.equal(refused.acked, false);

    assert.equal(await status(app, second.accessToken), 200);
    assert.equal((await other.request('ping', undefined, 'pong')).ok, true);
    await other.close();
  });

  it('a refreshed token keeps its session: logging out ends the refreshed one too', async () => {
    const user = await registerUser(app);
    const refreshed = await app.request<Tokens>('POST', '/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    assert.equal(refreshed.status, 200);
    assert.equal(claimsOf(refreshed.body.accessToken).sid, claimsOf(user.accessToken).sid);
    await app.request('POST', '/v1/auth/logout', { body: { refreshToken: refreshed.body.refreshToken } });
    assert.equal(await status(app, refreshed.body.accessToken), 401);
    assert.equal(await status(app, user.accessToken), 401);
  });

  it('a reused refresh token ends its session’s access tokens too', async () => {
    const user = await registerUser(app);
    const rotated = await app.request<Tokens>('POST', '/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    assert.equal(await status(app, rotated.body.accessToken), 200);
    const reused = await app.request('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(reused.status, 401);
    assert.equal(await status(app, rotated.body.accessToken), 401);
  });

  it('logout everywhere ends every session at once; logging in again works at once', async () => {
    const user = await registerUser(app);
    const second = await login(app, user);
    const sockets = await Promise.all(
      [user.accessToken, second.accessToken].map((token) => WsTestClient.connect(app.base, { token })),
    );
    assert.equal((await app.request('POST', '/v1/auth/logout-all', { token: second.accessToken })).status, 204);
    for (const token of [user.accessToken, second.accessToken]) assert.equal(await status(app, token), 401);
    for (const refreshToken of [user.refreshToken, second.refreshToken]) {
      assert.equal((await app.request('POST', '/v1/auth/refresh', { body: { refreshToken } })).status, 401);
    }
    for (const socket of sockets) assert.equal((await socket.closed).code, WS_CLOSE.sessionRevoked);
    const again = await login(app, user);
    assert.equal(await status(app, again.accessToken), 200);
    assert.equal((await app.request('POST', '/v1/auth/logout-all', {})).status, 401);
  });
});

describe('access tokens: required claims, and WebSocket sessions that outlive them (integration)', function () {
  this.timeout(60_000);
  const TTL = 3;
  let app: TestApp;
  let user: RegisteredUser;

  before(async () => {
    app = await startTestApp({ worker: false, config: testConfig({ ACCESS_TOKEN_TTL_SECONDS: String(TTL) }) });
    user = await registerUser(app);
  });
  after(() => app.stop());

  it('refuses a token without exp, iat or sid, or with a sub that is not a UUID', async () => {
    const key = new TextEncoder().encode(app.booted.config.JWT_SECRET);
    const sid = claimsOf(user.accessToken).sid;
    const sign = (claims: { sub?: string; sid?: string; iat?: boolean; exp?: boolean }): Promise<string> => {
      let jwt = new SignJWT({ role: 'user', ...(claims.sid ? { sid: claims.sid } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('polychat')
        .setAudience('polychat-api');
      if (claims.sub) jwt = jwt.setSubject(claims.sub);
      if (claims.iat ?? true) jwt = jwt.setIssuedAt();
      if (claims.exp ?? true) jwt = jwt.setExpirationTime('1m');
      return jwt.sign(key);
    };
    assert.equal(await status(app, await sign({ sub: user.id, sid })), 200, 'a token with every claim');
    const cases: [string, Parameters<typeof sign>[0]][] = [
      ['no exp', { sub: user.id, sid, exp: false }],
      ['no iat', { sub: user.id, sid, iat: false }],
      ['no sid', { sub: user.id }],
      ['a sid that is not a UUID', { sub: user.id, sid: 'x' }],
      ['no sub', { sid }],
      ['a sub that is not a UUID', { sub: 'admin', sid }],
    ];
    for (const [what, claims] of cases) assert.equal(await status(app, await sign(claims)), 401, what);
  });

  it('closes a connection with 4003 when its token expires, unless a fresh token came in an auth frame', async () => {
    const first = claimsOf(user.accessToken);
    const socket = await WsTestClient.connect(app.base, { token: user.accessToken });
    const stale = await WsTestClient.connect(app.base, { token: user.accessToken });
    // A token issued a second later expires a second later.
    await eventually(
      'the next second',
      async () => Math.floor(Date.now() / 1000),
      (now) => now > first.iat,
      3000,
    );
    const fresh = await app.request<Tokens>('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(fresh.status, 200);
    assert.ok(claimsOf(fresh.body.accessToken).exp > first.exp);
    assert.equal((await socket.request('auth', { token: fresh.body.accessToken })).ok, true);

    assert.equal((await stale.closed).code, WS_CLOSE.sessionExpired);
    assert.ok(Date.now() >= first.exp * 1000, 'not closed before the token expired');
    assert.equal((await socket.request('ping', undefined, 'pong')).ok, true, 'the re-authenticated one is open');
    assert.equal((await socket.closed).code, WS_CLOSE.sessionExpired, 'and closes when the fresh token expires');
    assert.ok(Date.now() >= claimsOf(fresh.body.accessToken).exp * 1000);
  });
});

import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { registerUser, uniqueName } from '../../testing/users';
import { SLOWDOWN_STEP_MS } from './data-access/redis-auth-rate-limiter';

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { field: string; reason: string }[] }; traceId: string };
}
interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; username: string; email: string; displayName: string };
}

const fieldsOf = (body: unknown): string[] =>
  ((body as ErrorBody).error.details?.fields ?? []).map((problem) => problem.field).sort();

describe('auth (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ worker: false });
  });
  after(() => app.stop());

  it('register -> login (username and email) -> me -> patch -> me', async () => {
    const username = uniqueName();
    const email = `${username}@Example.TEST`;
    const registered = await app.request<Tokens>('POST', '/v1/auth/register', {
      body: { username, email, password: 'a good password', displayName: 'First Name' },
    });
    assert.equal(registered.status, 201);
    assert.equal(registered.body.user.username, username);
    assert.equal(registered.body.user.email, email.toLowerCase());
    assert.ok(registered.body.accessToken && registered.body.refreshToken);
    assert.equal(JSON.stringify(registered.body).includes('password'), false, 'no password or hash in the response');

    const byName = await app.request<Tokens>('POST', '/v1/auth/login', {
      body: { username, password: 'a good password' },
    });
    assert.equal(byName.status, 200);
    const byEmail = await app.request<Tokens>('POST', '/v1/auth/login', {
      body: { email: email.toUpperCase(), password: 'a good password' },
    });
    assert.equal(byEmail.status, 200);
    assert.equal(byEmail.body.user.id, registered.body.user.id);

    const me = await app.request<{ id: string; displayName: string }>('GET', '/v1/users/me', {
      token: byEmail.body.accessToken,
    });
    assert.equal(me.status, 200);
    assert.equal(me.body.displayName, 'First Name');

    const patched = await app.request('PATCH', '/v1/users/me', {
      token: byName.body.accessToken,
      body: { displayName: 'Second Name' },
    });
    assert.equal(patched.status, 200);
    const again = await app.request<{ displayName: string; version: number }>('GET', '/v1/users/me', {
      token: byName.body.accessToken,
    });
    assert.equal(again.body.displayName, 'Second Name');
    assert.equal(again.body.version, 2);
  });

  it('rotates refresh tokens, and a reused one revokes the whole session', async () => {
    const user = await registerUser(app);
    const first = await app.request<Tokens>('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(first.status, 200);
    assert.notEqual(first.body.refreshToken, user.refreshToken);
    const me = await app.request('GET', '/v1/users/me', { token: first.body.accessToken });
    assert.equal(me.status, 200);

    const second = await app.request<Tokens>('POST', '/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    assert.equal(second.status, 200);

    // The first token again: a stolen copy. Its family ends, including the newest token.
    const reused = await app.request<ErrorBody>('POST', '/v1/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    assert.equal(reused.status, 401);
    assert.equal(reused.body.error.code, 'AUTH.UNAUTHENTICATED');
    const newest = await app.request<ErrorBody>('POST', '/v1/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    assert.equal(newest.status, 401);

    // Another login (another family) is unaffected.
    const other = await app.request<Tokens>('POST', '/v1/auth/login', {
      body: { username: user.username, password: user.password },
    });
    const stillOk = await app.request('POST', '/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } });
    assert.equal(stillOk.status, 200);
  });

  it('logout ends the session and is idempotent', async () => {
    const user = await registerUser(app);
    assert.equal(
      (await app.request('POST', '/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status,
      204,
    );
    assert.equal(
      (await app.request('POST', '/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status,
      204,
    );
    const refresh = await app.request('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(refresh.status, 401);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const user = await registerUser(app);
    const wrong = await app.request<ErrorBody>('POST', '/v1/auth/login', {
      body: { username: user.username, password: 'not it at all' },
    });
    const unknown = await app.request<ErrorBody>('POST', '/v1/auth/login', {
      body: { username: uniqueName(), password: 'not it at all' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual({ ...wrong.body.error, traceId: '' }, { ...unknown.body.error, traceId: '' });
  });

  it('rejects duplicates with 409 naming the field, case-insensitively', async () => {
    const user = await registerUser(app);
    const sameName = await app.request('POST', '/v1/auth/register', {
      body: { username: user.username.toUpperCase(), email: `${uniqueName()}@example.test`, password: 'long enough' },
    });
    assert.equal(sameName.status, 409);
    assert.deepEqual(fieldsOf(sameName.body), ['username']);
    const sameEmail = await app.request('POST', '/v1/auth/register', {
      body: { username: uniqueName(), email: user.email.toUpperCase(), password: 'long enough' },
    });
    assert.equal(sameEmail.status, 409);
    assert.deepEqual(fieldsOf(sameEmail.body), ['email']);
  });

  it('answers the bad-input matrix with 4xx, a stable code and the field', async () => {
    const ok = { username: uniqueName(), email: `${uniqueName()}@example.test`, password: 'long enough' };
    const cases: { body?: unknown; raw?: string; status: number; code: string; fields?: string[] }[] = [
      { body: { ...ok, username: 'ab' }, status: 422, code: 'VALIDATION.FAILED', fields: ['username'] },
      { body: { ...ok, username: 'has space' }, status: 422, code: 'VALIDATION.FAILED', fields: ['username'] },
      {
        body: { ...ok, username: "x'; DROP TABLE users;--" },
        status: 422,
        code: 'VALIDATION.FAILED',
        fields: ['username'],
      },
      { body: { ...ok, email: 'nope' }, status: 422, code: 'VALIDATION.FAILED', fields: ['email'] },
      { body: { ...ok, password: 'short' }, status: 422, code: 'VALIDATION.FAILED', fields: ['password'] },
      { body: { ...ok, password: 'x'.repeat(300) }, status: 422, code: 'VALIDATION.FAILED', fields: ['password'] },
      { body: { ...ok, displayName: '' }, status: 422, code: 'VALIDATION.FAILED', fields: ['displayName'] },
      { body: { ...ok, displayName: 'bell\u0007' }, status: 422, code: 'VALIDATION.FAILED', fields: ['displayName'] },
      { body: {}, status: 422, code: 'VALIDATION.FAILED', fields: ['email', 'password', 'username'] },
      { body: [1, 2], status: 422, code: 'VALIDATION.FAILED' },
      { raw: '{"username":', status: 400, code: 'REQUEST.MALFORMED_JSON' },
      { raw: JSON.stringify({ ...ok, displayName: 'x'.repeat(200_000) }), status: 413, code: 'REQUEST.TOO_LARGE' },
    ];
    for (const testCase of cases) {
      const res = await app.request<ErrorBody>('POST', '/v1/auth/register', { body: testCase.body, raw: testCase.raw });
      const label = JSON.stringify(testCase).slice(0, 80);
      assert.equal(res.status, testCase.status, label);
      assert.equal(res.body.error.code, testCase.code, label);
      if (testCase.fields) assert.deepEqual(fieldsOf(res.body), testCase.fields, label);
    }
    const loginCases: { body: unknown; fields: string[] }[] = [
      { body: { password: 'x' }, fields: ['username'] },
      { body: { username: 'a', email: 'a@b.c', password: 'x' }, fields: ['username'] },
      { body: { username: 'a' }, fields: ['password'] },
    ];
    for (const testCase of loginCases) {
      const res = await app.request<ErrorBody>('POST', '/v1/auth/login', { body: testCase.body });
      assert.equal(res.status, 422);
      assert.deepEqual(fieldsOf(res.body), testCase.fields);
    }
    const noToken = await app.request<ErrorBody>('POST', '/v1/auth/refresh', { body: { refreshToken: '' } });
    assert.equal(noToken.status, 422);
    assert.deepEqual(fieldsOf(noToken.body), ['refreshToken']);
    const bogus = await app.request<ErrorBody>('POST', '/v1/auth/refresh', { body: { refreshToken: 'not-a-token' } });
    assert.equal(bogus.status, 401);
  });

  it('protects /v1/users with bearer tokens', async () => {
    for (const token of [undefined, 'garbage', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      const res = await app.request<ErrorBody>('GET', '/v1/users/me', { token });
      assert.equal(res.status, 401, String(token));
      assert.equal(res.body.error.code, 'AUTH.UNAUTHENTICATED');
    }
  });
});

describe('auth rate limits (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;

  before(async () => {
    app = await startTestApp({
      worker: false,
      config: testConfig({
        REDIS_KEY_PREFIX: `test:${uniqueName('rl')}:`,
        RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '8',
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3',
        // The client's address is taken from X-Forwarded-For, so a test can log in "from" several IPs.
        TRUST_PROXY: 'loopback',
      }),
    });
  });
  after(() => app.stop());

  const from = (ip: string, body: unknown) =>
    app.request<ErrorBody>('POST', '/v1/auth/login', { body, headers: { 'x-forwarded-for': ip } });

  it('a stranger failing from one IP is refused there, while the owner still logs in from another', async () => {
    const owner = await registerUser(app);
    const wrong = { username: owner.username, password: 'wrong password' };
    for (let attempt = 0; attempt < 3; attempt += 1) assert.equal((await from('203.0.113.1', wrong)).status, 401);
    // Repeated failures from A: A is refused for this account, even with the right password.
    const limited = await from('203.0.113.1', { username: owner.username, password: owner.password });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'AUTH.RATE_LIMITED');
    // The owner, from B, gets in at once; by email too (one budget per account, not per login name).
    assert.equal((await from('198.51.100.7', { username: owner.username, password: owner.password })).status, 200);
    assert.equal((await from('198.51.100.7', { email: owner.email, password: owner.password })).status, 200);
    assert.equal((await from('203.0.113.1', { email: owner.email, password: owner.password })).status, 429);

    // Strangers from more IPs push the account past its budget: the owner is slowed, not refused.
    for (let attempt = 0; attempt < 3; attempt += 1) assert.equal((await from('203.0.113.2', wrong)).status, 401);
    const started = Date.now();
    assert.equal((await from('198.51.100.8', { username: owner.username, password: owner.password })).status, 200);
    assert.ok(Date.now() - started >= 3 * SLOWDOWN_STEP_MS, `slowed down: ${Date.now() - started} ms`);
  });

  it('locks an account after repeated failed logins, and limits each IP', async () => {
    const user = await registerUser(app); // 1 of 8 from this IP
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const res = await app.request('POST', '/v1/auth/login', {
        body: { username: user.username, password: 'wrong password' },
      });
      assert.equal(res.status, 401);
    }
    const locked = await app.request<ErrorBody>('POST', '/v1/auth/login', {
      body: { username: user.username, password: user.password },
    });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.code, 'AUTH.RATE_LIMITED');
    assert.match(locked.headers.get('retry-after') ?? '', /^[1-9]\d*$/);

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push(
        (await app.request('POST', '/v1/auth/login', { body: { username: uniqueName(), password: 'whatever1' } }))
          .status,
      );
    }
    assert.ok(statuses.includes(429), `per-IP budget never ran out: ${statuses.join(',')}`);
  });
});

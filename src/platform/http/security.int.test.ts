import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { uniqueName } from '../../testing/users';

interface ErrorBody {
  error: { code: string };
}

/** An api process (no worker) with its own Redis namespace, so rate-limit buckets start empty. */
function apiWith(overrides: Record<string, string>): Promise<TestApp> {
  return startTestApp({
    worker: false,
    config: testConfig({ REDIS_KEY_PREFIX: `test:${uniqueName('sec')}:`, ...overrides }),
  });
}

/** A failed login from `forwardedFor` (as a proxy would send it); each spends one per-IP point. */
async function loginFrom(app: TestApp, forwardedFor: string): Promise<number> {
  const res = await app.request<ErrorBody>('POST', '/v1/auth/login', {
    body: { username: 'nobody_here', password: 'wrong password' },
    headers: { 'x-forwarded-for': forwardedFor },
  });
  return res.status;
}

describe('http security on the real app (integration)', function () {
  this.timeout(60_000);
  const apps: TestApp[] = [];
  const start = async (overrides: Record<string, string>) => {
    const app = await apiWith(overrides);
    apps.push(app);
    return app;
  };
  after(() => Promise.all(apps.map((app) => app.stop())));

  it('keys the login rate limit on the proxy-reported client only when TRUST_PROXY trusts the proxy', async () => {
    const budget = { RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '3', RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '1000' };
    const trusting = await start({ ...budget, TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 3; i += 1) assert.equal(await loginFrom(trusting, '203.0.113.1'), 401);
    assert.equal(await loginFrom(trusting, '203.0.113.1'), 429, 'that client spent its budget');
    assert.equal(await loginFrom(trusting, '203.0.113.2'), 401, 'another client behind the same proxy has its own');

    const direct = await start({ ...budget, TRUST_PROXY: 'false' });
    for (let i = 0; i < 3; i += 1) assert.equal(await loginFrom(direct, `203.0.113.${10 + i}`), 401);
    assert.equal(await loginFrom(direct, '203.0.113.99'), 429, 'a forged X-Forwarded-For buys nothing');
  });

  it('answers an oversized body with 413 REQUEST.TOO_LARGE', async () => {
    const app = await start({ HTTP_BODY_LIMIT: '1kb' });
    const res = await app.request<ErrorBody>('POST', '/v1/auth/register', {
      body: { username: 'big_body', email: 'big@example.test', password: 'x'.repeat(2000) },
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'REQUEST.TOO_LARGE');
    const small = await app.request<ErrorBody>('POST', '/v1/auth/login', { body: { password: 'x' } });
    assert.equal(small.status, 422, 'a body under the limit is read');
  });

  it('sends security headers and CORS headers for configured origins only', async () => {
    const origin = 'https://app.example.com';
    const app = await start({ CORS_ORIGINS: origin });
    const allowed = await fetch(`${app.base}/v1/users/me`, { headers: { origin } });
    assert.equal(allowed.status, 401);
    assert.equal(allowed.headers.get('access-control-allow-origin'), origin);
    assert.equal(allowed.headers.get('x-content-type-options'), 'nosniff');
    assert.match(allowed.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const other = await fetch(`${app.base}/v1/users/me`, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${app.base}/v1/chats`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);

    const closed = await start({});
    const none = await fetch(`${closed.base}/healthz`, { headers: { origin } });
    assert.equal(none.headers.get('access-control-allow-origin'), null);
  });
});

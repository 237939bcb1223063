import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/app';
import { registerUser, type RegisteredUser } from '../../testing/users';

interface Page {
  items: { id: string; username: string; displayName: string; email?: string }[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; details?: { fields?: { field: string }[] } };
}

describe('users (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let caller: RegisteredUser;

  before(async () => {
    app = await startTestApp({ worker: false });
    caller = await registerUser(app);
  });
  after(() => app.stop());

  it('shows a public profile by id, without the email', async () => {
    const other = await registerUser(app, { displayName: 'Other One' });
    const res = await app.request('GET', `/v1/users/${other.id}`, {
      token: caller.accessToken,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: other.id, username: other.username, displayName: 'Other One' });
    const missing = await app.request<ErrorBody>('GET', '/v1/users/00000000-0000-4000-8000-000000000000', {
      token: caller.accessToken,
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'USER.NOT_FOUND');
    const bad = await app.request<ErrorBody>('GET', '/v1/users/not-a-uuid', { token: caller.accessToken });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.error.details?.fields?.map((f) => f.field),
      ['id'],
    );
  });

  it('searches usernames by prefix, page by page, with a stable cursor', async () => {
    const prefix = `p${randomBytes(3).toString('hex')}`;
    const names: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const username = `${prefix}_${i}`;
      const res = await app.request('POST', '/v1/auth/register', {
        body: { username, email: `${username}@example.test`, password: 'long enough' },
      });
      assert.equal(res.status, 201);
      names.push(username);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/users?query=${prefix.toUpperCase()}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: Page } = await app.request<Page>('GET', query, { token: caller.accessToken });
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      for (const item of page.body.items) assert.equal(item.email, undefined);
      seen.push(...page.body.items.map((item) => item.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, names);

    const wildcard = await app.request<Page>('GET', `/v1/users?query=${encodeURIComponent('%')}`, {
      token: caller.accessToken,
    });
    assert.equal(wildcard.status, 200);
    assert.deepEqual(wildcard.body.items, [], '% is a literal, not a wildcard');
    for (const query of ['', 'x'.repeat(40)]) {
      const res = await app.request<ErrorBody>('GET', `/v1/users?query=${query}`, { token: caller.accessToken });
      assert.equal(res.status, 422);
      assert.deepEqual(
        res.body.error.details?.fields?.map((f) => f.field),
        ['query'],
      );
    }
    const badLimit = await app.request<ErrorBody>('GET', `/v1/users?query=a&limit=1000`, { token: caller.accessToken });
    assert.deepEqual(
      badLimit.body.error.details?.fields?.map((f) => f.field),
      ['limit'],
    );
  });

  it('rejects bad profile changes with the field, and keeps the stored profile', async () => {
    const user = await registerUser(app, { displayName: 'Kept' });
    const taken = await app.request<ErrorBody>('PATCH', '/v1/users/me', {
      token: user.accessToken,
      body: { username: caller.username },
    });
    assert.equal(taken.status, 409);
    assert.deepEqual(
      taken.body.error.details?.fields?.map((f) => f.field),
      ['username'],
    );
    const cases: { body: unknown; field: string }[] = [
      { body: {}, field: 'displayName' },
      { body: { displayName: '' }, field: 'displayName' },
      { body: { username: 'a b' }, field: 'username' },
      { body: { email: 'new@example.test' }, field: '(body)' },
    ];
    for (const { body, field } of cases) {
      const res = await app.request<ErrorBody>('PATCH', '/v1/users/me', { token: user.accessToken, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(
        res.body.error.details?.fields?.some((f) => f.field === field),
        JSON.stringify(res.body),
      );
    }
    const me = await app.request<{ displayName: string; username: string; version: number }>('GET', '/v1/users/me', {
      token: user.accessToken,
    });
    assert.equal(me.body.displayName, 'Kept');
    assert.equal(me.body.username, user.username);
    assert.equal(me.body.version, 1);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, groupChat, type ErrorJson } from '../../testing/chats';
import { polychat } from '../../testing/cli';
import type { RegisteredUser } from '../../testing/users';

/** One hostile request and the 4xx it must get (each was a 500 in issue 13). */
interface HostileCase {
  readonly name: string;
  readonly method: string;
  /** The path and query, sent as written (so %00 and %ZZ reach the server raw). */
  readonly path: (chatId: string) => string;
  readonly body?: unknown;
  readonly raw?: Buffer | string;
  readonly headers?: Record<string, string>;
  readonly token?: 'user' | 'admin' | 'none';
  readonly status: number;
  readonly code: string;
  readonly field?: string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const year0 = '0000-01-01T00:00:00.000Z';

const CASES: readonly HostileCase[] = [
  {
    name: 'NUL in user search query',
    method: 'GET',
    path: () => '/v1/users?query=ab%00c',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'query',
  },
  {
    name: 'NUL in user search cursor',
    method: 'GET',
    path: () => '/v1/users?query=ab&cursor=a%00',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'cursor',
  },
  {
    name: 'NUL in login username',
    method: 'POST',
    path: () => '/v1/auth/login',
    body: { username: 'bob\u0000', password: 'whatever1' },
    token: 'none',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'username',
  },
  {
    name: 'NUL in login email',
    method: 'POST',
    path: () => '/v1/auth/login',
    body: { email: 'bob\u0000@example.test', password: 'whatever1' },
    token: 'none',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'email',
  },
  {
    name: 'NUL in search q',
    method: 'GET',
    path: () => '/v1/search/messages?q=hello%00',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'q',
  },
  {
    name: 'NUL in a message body (REST)',
    method: 'POST',
    path: (chat) => `/v1/chats/${chat}/messages`,
    body: { body: 'hi\u0000there', clientMsgId: 'nul-1' },
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'body',
  },
  {
    name: 'NUL in a display name',
    method: 'PATCH',
    path: () => '/v1/users/me',
    body: { displayName: 'x\u0000' },
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'displayName',
  },
  {
    name: 'NUL in a chat title',
    method: 'POST',
    path: () => '/v1/chats',
    body: { type: 'group', title: 't\u0000' },
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'title',
  },
  {
    name: 'NUL in a refresh token',
    method: 'POST',
    path: () => '/v1/auth/refresh',
    body: { refreshToken: 'a\u0000' },
    token: 'none',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'refreshToken',
  },
  {
    name: 'bad percent-encoding in a path parameter',
    method: 'GET',
    path: () => '/v1/users/%ZZ',
    status: 400,
    code: 'REQUEST.MALFORMED_URI',
  },
  {
    name: 'bad percent-encoding in a nested path',
    method: 'GET',
    path: () => '/v1/chats/%E0%A4%A/messages',
    status: 400,
    code: 'REQUEST.MALFORMED_URI',
  },
  {
    name: 'an invalid gzip body',
    method: 'POST',
    path: () => '/v1/auth/login',
    raw: 'this is not gzip',
    headers: { 'content-encoding': 'gzip' },
    token: 'none',
    status: 400,
    code: 'REQUEST.MALFORMED_BODY',
  },
  {
    name: 'a truncated gzip body',
    method: 'POST',
    path: () => '/v1/auth/login',
    raw: gzipSync(JSON.stringify({ username: 'bob', password: 'x' })).subarray(0, 12),
    headers: { 'content-encoding': 'gzip' },
    token: 'none',
    status: 400,
    code: 'REQUEST.MALFORMED_BODY',
  },
  {
    name: 'year 0000 in a chats cursor',
    method: 'GET',
    path: () => `/v1/chats?cursor=${b64({ at: year0, id: 'x' })}`,
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'cursor',
  },
  {
    name: 'year 0000 in a notifications cursor',
    method: 'GET',
    path: () => `/v1/notifications?cursor=${b64({ at: year0, id: randomUUID() })}`,
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'cursor',
  },
  {
    name: 'year 0000 in a search cursor',
    method: 'GET',
    path: () => `/v1/search/messages?q=hello&cursor=${b64([year0, randomUUID()])}`,
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'cursor',
  },
  {
    name: 'year 0000 in an analytics range',
    method: 'GET',
    path: () => '/v1/analytics/messages/daily?from=0000-12-31&to=0001-01-01',
    token: 'admin',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'from',
  },
  {
    name: 'year 0000 in top-chats',
    method: 'GET',
    path: () => '/v1/analytics/top-chats?from=0000-12-30&to=0001-01-02',
    token: 'admin',
    status: 422,
    code: 'VALIDATION.FAILED',
    field: 'from',
  },
  {
    name: 'an undeclared method on a known path',
    method: 'PUT',
    path: () => '/v1/users/me',
    body: {},
    status: 405,
    code: 'METHOD.NOT_ALLOWED',
  },
];

describe('hostile input gets a 4xx naming the field, never a 500 (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let user: RegisteredUser;
  let adminToken = '';
  let chatId = '';

  before(async () => {
    app = await startTestApp({ worker: true });
    const [registered, admin] = (await chatUsers(app, 2)) as [RegisteredUser, RegisteredUser];
    user = registered;
    chatId = (await groupChat(app, user, [])).id;
    const granted = await polychat(app.booted.config, 'users', 'grant-admin', admin.username);
    assert.equal(granted.code, 0, granted.stderr);
    const login = await app.request<{ accessToken: string }>('POST', '/v1/auth/login', {
      body: { username: admin.username, password: admin.password },
    });
    assert.equal(login.status, 200);
    adminToken = login.body.accessToken;
  });
  after(() => app?.stop());

  for (const hostile of CASES) {
    it(`${hostile.name}: ${hostile.status} ${hostile.code}${hostile.field ? ` naming ${hostile.field}` : ''}`, async () => {
      const headers: Record<string, string> = { ...hostile.headers };
      const token = hostile.token ?? 'user';
      if (token !== 'none') headers['authorization'] = `Bearer ${token === 'admin' ? adminToken : user.accessToken}`;
      let body: Buffer | string | undefined = hostile.raw;
      if (body === undefined && hostile.body !== undefined) body = JSON.stringify(hostile.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${app.base}${hostile.path(chatId)}`, { method: hostile.method, headers, body });
      const json = (await res.json()) as ErrorJson;
      assert.equal(res.status, hostile.status, JSON.stringify(json));
      assert.equal(json.error.code, hostile.code);
      if (hostile.field)
        assert.deepEqual(
          json.error.details?.fields?.map((f) => f.field),
          [hostile.field],
        );
      if (hostile.status === 405) assert.equal(res.headers.get('allow'), 'GET, HEAD, PATCH, DELETE');
    });
  }
});

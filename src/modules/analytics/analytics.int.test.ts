import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { HTTP_ROUTE, type HttpRoute } from '../../platform/http';
import { eventually } from '../../testing/app';
import { isolatedTestApp, type IsolatedApp } from '../../testing/isolated-app';
import { registerUser, type RegisteredUser } from '../../testing/users';
import { MESSAGES_TOPIC } from '../chats';
import { polychat } from '../../testing/cli';
import { USERS_TOPIC } from '../users';
import { fieldsOf, publish, sentEvent, tally, userEvent } from './analytics-fixture.int.test';
import { CountMessagesPerDayOnMessageSent, MessagesPerDay } from './index';

interface DaysJson {
  total: number;
  days: { day: string; messages?: number; newUsers?: number }[];
}
interface ActiveJson {
  definition: string;
  daily: { day: string; activeUsers: number }[];
  monthly: { month: string; activeUsers: number }[];
}
interface GraphJson {
  users: number;
  friendships: number;
  averageDegree: number;
  largestComponent: { size: number; components: number; current: boolean };
}

const ENDPOINTS = [
  '/v1/analytics/messages/daily?from=2003-01-01&to=2003-01-02',
  '/v1/analytics/users/daily?from=2003-01-01&to=2003-01-02',
  '/v1/analytics/active-users?from=2003-01-01&to=2003-01-02',
  '/v1/analytics/top-chats?from=2003-01-01&to=2003-01-02',
  '/v1/analytics/graph',
];

describe('analytics: admin reports from the analytics projections (integration)', function () {
  this.timeout(240_000);
  let app: IsolatedApp;
  let admin: RegisteredUser;
  let plain: RegisteredUser;
  let adminToken = '';
  /** Accounts whose registration reached (or will reach) analytics, and those deleted again. */
  const registered = new Set<string>();
  const deleted = new Set<string>();

  /** GET as `token`; a 200 must parse with the route's declared schema to exactly itself. */
  const get = async <T>(path: string, token = adminToken) => {
    const res = await app.request<T>('GET', path, { token });
    if (res.status === 200) {
      const routes = app.booted.container.getAll<HttpRoute>(HTTP_ROUTE).find((route) => route.path === '/v1/analytics');
      const route = path.split('?')[0]!.slice('/v1/analytics'.length);
      const schema = routes?.routes.operations.find((operation) => operation.path === route)?.responses[200]?.schema;
      assert.ok(schema, `${route} declares its answer`);
      assert.deepEqual(schema.parse(res.body), res.body, `${path}: the answer is what the OpenAPI document says`);
    }
    return res;
  };
  const user = async (): Promise<RegisteredUser> => {
    const created = await registerUser(app);
    registered.add(created.id);
    return created;
  };

  before(async () => {
    app = await isolatedTestApp('analytics', { ANALYTICS_GRAPH_STALENESS_MS: '1' });
    admin = await user();
    plain = await user();
  });
  after(() => app?.stop());

  it('grants the admin role from the CLI; the next token carries it, an earlier one does not', async () => {
    assert.equal((await get('/v1/analytics/graph', admin.accessToken)).status, 403);
    const granted = await polychat(app.config, 'users', 'grant-admin', admin.username.toUpperCase());
    assert.equal(granted.code, 0, granted.stderr);
    assert.match(granted.stdout, new RegExp(`users: ${admin.username} is now an admin`));
    const unknown = await polychat(app.config, 'users', 'grant-admin', 'nobody_by_that_name');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no user named nobody_by_that_name/);

    assert.equal((await get('/v1/analytics/graph', admin.accessToken)).status, 403, 'the old token has no role');
    const login = await app.request<{ accessToken: string; user: { role: string } }>('POST', '/v1/auth/login', {
      body: { username: admin.username, password: admin.password },
    });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.role, 'admin');
    adminToken = login.body.accessToken;
    const refreshed = await app.request<{ accessToken: string }>('POST', '/v1/auth/refresh', {
      body: { refreshToken: admin.refreshToken },
    });
    assert.equal(refreshed.status, 200);
    for (const token of [adminToken, refreshed.body.accessToken]) {
      assert.equal((await get('/v1/analytics/graph', token)).status, 200);
    }
  });

  it('refuses anyone but an admin: 403 AUTH.FORBIDDEN with a token, 401 without', async () => {
    for (const path of ENDPOINTS) {
      const forbidden = await get<{ error: { code: string } }>(path, plain.accessToken);
      assert.equal(forbidden.status, 403, path);
      assert.equal(forbidden.body.error.code, 'AUTH.FORBIDDEN', path);
      const anonymous = await app.request<{ error: { code: string } }>('GET', path);
      assert.equal(anonymous.status, 401, path);
      assert.equal(anonymous.body.error.code, 'AUTH.UNAUTHENTICATED', path);
    }
  });

  it('names the field of a bad date, range or limit (422 VALIDATION.FAILED), never a 500', async () => {
    const cases: [string, string[]][] = [
      ['/v1/analytics/messages/daily', ['from', 'to']],
      ['/v1/analytics/messages/daily?from=2003-01-01', ['to']],
      ['/v1/analytics/messages/daily?from=yesterday&to=2003-01-02', ['from']],
      ['/v1/analytics/users/daily?from=2003-02-30&to=2003-03-01', ['from']],
      ['/v1/analytics/active-users?from=2003-01-01&to=2003-13-01', ['to']],
      ['/v1/analytics/active-users?from=2003-01-05&to=2003-01-01', ['from']],
      ['/v1/analytics/messages/daily?from=2003-01-01&to=2004-01-02', ['to']],
      ['/v1/analytics/top-chats?from=2003-01-01&to=2003-01-02&limit=0', ['limit']],
      ['/v1/analytics/top-chats?from=2003-01-01&to=2003-01-02&limit=101', ['limit']],
      ['/v1/analytics/top-chats?from=2003-01-01&to=2003-01-02&limit=ten', ['limit']],
      ["/v1/analytics/top-chats?from=2003-01-01'--&to=2003-01-02", ['from']],
    ];
    for (const [path, fields] of cases) {
      const res = await get<{ error: { code: string } }>(path);
      assert.equal(res.status, 422, path);
      assert.equal(res.body.error.code, 'VALIDATION.FAILED', path);
      assert.deepEqual(fieldsOf(res), fields, path);
    }
    const leapYear = await get<DaysJson>('/v1/analytics/messages/daily?from=2004-01-01&to=2004-12-31');
    assert.equal(leapYear.status, 200, 'a whole leap year is 366 days: allowed');
    assert.equal(leapYear.body.days.length, 366);
  });

  it('counts messages per day, active users per day and month, and top chats as computed here', async () => {
    const chats = [randomUUID(), randomUUID(), randomUUID()];
    const senders = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // [chat, sender, instant, UTC day worked out by hand] across a month boundary and offsets.
    const plan: [number, number, string, string][] = [
      [0, 0, '2003-01-30T10:00:00Z', '2003-01-30'],
      [0, 1, '2003-01-30T23:59:59.999Z', '2003-01-30'],
      [1, 0, '2003-01-31T01:30:00+02:00', '2003-01-30'],
      [0, 0, '2003-01-31T00:00:00Z', '2003-01-31'],
      [2, 2, '2003-01-31T12:00:00Z', '2003-01-31'],
      [0, 2, '2003-01-31T20:00:00-05:00', '2003-02-01'],
      [0, 3, '2003-02-01T08:00:00Z', '2003-02-01'],
      [1, 3, '2003-02-01T09:00:00Z', '2003-02-01'],
      [0, 1, '2003-02-02T00:00:00Z', '2003-02-02'],
      [0, 1, '2003-02-02T05:00:00Z', '2003-02-02'],
      [1, 1, '2003-02-02T06:00:00Z', '2003-02-02'],
    ];
    const events = plan.map(([chat, sender, at]) => sentEvent(chats[chat]!, senders[sender]!, at));
    // Each event once more, and the first again under a new event id (a backfill minting ids).
    const again = sentEvent(chats[0]!, senders[0]!, plan[0]![2], events[0]!.payload.messageId);
    await publish(app, MESSAGES_TOPIC, [...events, ...events, again]);

    const days = ['2003-01-30', '2003-01-31', '2003-02-01', '2003-02-02'];
    const perDay = tally(plan.map(([, , , day]) => day));
    const daily = await eventually(
      'every message counted',
      () => get<DaysJson>('/v1/analytics/messages/daily?from=2003-01-29&to=2003-02-02'),
      (res) => res.body.total === plan.length,
      30_000,
    );
    assert.deepEqual(daily.body, {
      from: '2003-01-29',
      to: '2003-02-02',
      total: plan.length,
      days: ['2003-01-29', ...days].map((day) => ({ day, messages: perDay[day] ?? 0 })),
    });

    const activeByDay = (day: string) => new Set(plan.filter((row) => row[3] === day).map((row) => row[1])).size;
    const activeByMonth = (month: string) =>
      new Set(plan.filter((row) => row[3].startsWith(month)).map((row) => row[1])).size;
    const active = await get<ActiveJson>('/v1/analytics/active-users?from=2003-01-30&to=2003-02-02');
    assert.equal(active.status, 200);
    assert.match(active.body.definition, /sent at least one message/);
    assert.deepEqual(
      active.body.daily,
      days.map((day) => ({ day, activeUsers: activeByDay(day) })),
    );
    assert.deepEqual(active.body.monthly, [
      { month: '2003-01', activeUsers: activeByMonth('2003-01') },
      { month: '2003-02', activeUsers: activeByMonth('2003-02') },
    ]);

    const inFebruary = tally(plan.filter((row) => row[3] >= '2003-02-01').map(([chat]) => chats[chat]!));
    const ranked = Object.entries(inFebruary)
      .map(([chatId, messages]) => ({ chatId, messages }))
      .sort((a, b) => b.messages - a.messages || (a.chatId < b.chatId ? -1 : 1));
    const top = await get<{ items: unknown[] }>('/v1/analytics/top-chats?from=2003-02-01&to=2003-02-28&limit=1');
    assert.deepEqual(top.body.items, ranked.slice(0, 1));
    const all = await get<{ items: unknown[] }>('/v1/analytics/top-chats?from=2003-02-01&to=2003-02-28');
    assert.deepEqual(all.body.items, ranked);

    const forChat = await app.booted.container
      .get(MessagesPerDay)
      .execute({ from: '2003-01-30', to: '2003-02-02', chatId: chats[1]! });
    const chatDays = tally(plan.filter(([chat]) => chat === 1).map((row) => row[3]));
    assert.deepEqual(
      forChat,
      Object.entries(chatDays).map(([day, count]) => ({ chatId: chats[1], day, count })),
    );
  });

  it('counts a message once when the handler gets it again, also when deliveries race', async () => {
    const handler = app.booted.container.get(CountMessagesPerDayOnMessageSent);
    const chat = randomUUID();
    const [once, raced, other] = [0, 1, 2].map(() => sentEvent(chat, randomUUID(), '2003-04-05T06:07:08Z'));
    await handler.handle(once!);
    await handler.handle(once!);
    await Promise.all(Array.from({ length: 6 }, () => handler.handle(raced!)));
    await handler.handle(other!);
    const rows = await app.booted.container
      .get(MessagesPerDay)
      .execute({ from: '2003-04-05', to: '2003-04-05', chatId: chat });
    assert.deepEqual(rows, [{ chatId: chat, day: '2003-04-05', count: 3 }]);
  });

  it('counts new users per UTC day of registration, deleted accounts included', async () => {
    // Envelope times are UTC (occurredAt: ISO 8601 with Z).
    const plan: [string, string][] = [
      ['2003-03-01T00:00:00Z', '2003-03-01'],
      ['2003-03-01T23:59:59Z', '2003-03-01'],
      ['2003-03-01T22:00:00.500Z', '2003-03-01'],
      ['2003-03-03T12:00:00Z', '2003-03-03'],
    ];
    const ids = plan.map(() => randomUUID());
    for (const id of ids) registered.add(id);
    deleted.add(ids[0]!);
    await publish(app, USERS_TOPIC, [
      ...plan.map(([at], i) => userEvent('registered', ids[i]!, at)),
      userEvent('deleted', ids[0]!, '2003-03-05T00:00:00Z', 2),
    ]);
    const perDay = tally(plan.map(([, day]) => day));
    const res = await eventually(
      'registrations counted',
      () => get<DaysJson>('/v1/analytics/users/daily?from=2003-03-01&to=2003-03-03'),
      (found) => found.body.total === plan.length,
      30_000,
    );
    assert.deepEqual(
      res.body.days,
      ['2003-03-01', '2003-03-02', '2003-03-03'].map((day) => ({ day, newUsers: perDay[day] ?? 0 })),
    );
  });

  it('graph statistics: users, friendships, average degree and the largest component', async () => {
    const people: RegisteredUser[] = [];
    for (let i = 0; i < 5; i += 1) people.push(await user());
    const [p0, p1, p2, p3, p4] = people as [
      RegisteredUser,
      RegisteredUser,
      RegisteredUser,
      RegisteredUser,
      RegisteredUser,
    ];
    const edges: [RegisteredUser, RegisteredUser][] = [
      [p0, p1],
      [p1, p2],
      [p3, p4],
    ];
    for (const [a, b] of edges) await befriend(a, b);
    await expectGraph(edges);

    const removed = await app.request('DELETE', `/v1/friends/${p2.id}`, { token: p1.accessToken });
    assert.equal(removed.status, 204);
    await expectGraph(edges.filter(([a, b]) => !(a === p1 && b === p2)));
  });

  /** Waits until the endpoint reports what the test computes from `edges` and the accounts it made. */
  async function expectGraph(edges: [RegisteredUser, RegisteredUser][]): Promise<void> {
    const users = registered.size - deleted.size;
    const sizes = componentSizes(edges.map(([a, b]) => [a.id, b.id]));
    const expected = {
      users,
      friendships: edges.length,
      averageDegree: Math.round(((2 * edges.length) / users) * 1000) / 1000,
      largestComponent: { size: Math.max(1, ...sizes), components: users - edges.length, current: true },
    };
    const res = await eventually(
      'graph statistics',
      () => get<GraphJson>('/v1/analytics/graph'),
      (found) =>
        found.body.friendships === edges.length && found.body.users === users && found.body.largestComponent.current,
      30_000,
    );
    const { computedAt, ...largest } = res.body.largestComponent as GraphJson['largestComponent'] & {
      computedAt: string;
    };
    assert.ok(!Number.isNaN(Date.parse(computedAt)));
    assert.deepEqual({ ...res.body, largestComponent: largest }, expected);
  }

  async function befriend(a: RegisteredUser, b: RegisteredUser): Promise<void> {
    await eventually(
      'both in the graph',
      async () =>
        (await app.request('POST', '/v1/friends/requests', { token: a.accessToken, body: { userId: b.id } })).status,
      (status) => status === 201,
      30_000,
    );
    const incoming = await app.request<{ items: { id: string }[] }>('GET', '/v1/friends/requests?direction=incoming', {
      token: b.accessToken,
    });
    const request = incoming.body.items[0];
    assert.ok(request, 'the request reached the recipient');
    const accepted = await app.request('POST', `/v1/friends/requests/${request.id}/accept`, { token: b.accessToken });
    assert.equal(accepted.status, 200);
  }
});

/** Sizes of the connected components the edges form (a breadth-first search of the test's own). */
function componentSizes(edges: [string, string][]): number[] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) {
    next.set(a, [...(next.get(a) ?? []), b]);
    next.set(b, [...(next.get(b) ?? []), a]);
  }
  const seen = new Set<string>();
  const sizes: number[] = [];
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    const queue = [start];
    seen.add(start);
    for (let i = 0; i < queue.length; i += 1) {
      for (const neighbour of next.get(queue[i]!) ?? []) {
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          queue.push(neighbour);
        }
      }
    }
    sizes.push(queue.length);
  }
  return sizes;
}

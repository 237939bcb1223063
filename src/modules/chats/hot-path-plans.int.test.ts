import assert from 'node:assert/strict';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { OUTBOX_SOURCE, type OutboxSource } from '../../platform/outbox';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, groupChat, type MessageJson } from '../../testing/chats';
import { testConfig } from '../../testing/config';
import { assertIndexedLookup } from '../../testing/mongo-plans';
import type { RegisteredUser } from '../../testing/users';

/** The collections of the message path (docs/decisions/0031) and of membership (0036). */
const HOT = new Set(['chats', 'messages', 'chat_members', 'chat_rosters', 'user_chats']);

interface Query {
  readonly command: string;
  readonly collection: string;
  readonly filter: Record<string, unknown>;
}

/** The filters a command applies: a find's, or each update's and delete's. */
function queriesOf(event: CommandStartedEvent): Query[] {
  const { command } = event;
  const collection = String(command[event.commandName]);
  if (!HOT.has(collection)) return [];
  const each = (key: string, list: unknown): Query[] =>
    Array.isArray(list)
      ? list.map((item: Record<string, unknown>) => ({
          command: event.commandName,
          collection,
          filter: (item[key] ?? {}) as Record<string, unknown>,
        }))
      : [];
  switch (event.commandName) {
    case 'find':
    case 'count':
      return [
        {
          command: event.commandName,
          collection,
          filter: (command['filter'] ?? command['query'] ?? {}) as Record<string, unknown>,
        },
      ];
    case 'update':
      return each('q', command['updates']);
    case 'delete':
      return each('q', command['deletes']);
    case 'aggregate':
    case 'findAndModify':
      return [{ command: event.commandName, collection, filter: { pipelineOrQuery: true } }];
    default:
      return [];
  }
}

/**
 * Every MongoDB query the message path makes — send, retry, history pages, catch-up, edit, react,
 * delete, read marker, typing and the relay publishing it all — is an `_id` lookup that the local
 * server answers from an index (checked with EXPLAIN), which real MongoDB serves from its `_id`
 * index. A new query of another shape on this path fails here, naming its collection.
 */
describe('message path query plans (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: RegisteredUser, member: RegisteredUser, joiner: RegisteredUser;

  before(async () => {
    // Command monitoring is fixed when the driver's connections are made: ask for it in the URL.
    const url = new URL(testConfig().MONGO_URL);
    url.searchParams.set('monitorCommands', 'true');
    app = await startTestApp({ config: testConfig({ MONGO_URL: url.toString() }) });
    [owner, member, joiner] = (await chatUsers(app, 3)) as [RegisteredUser, RegisteredUser, RegisteredUser];
  });
  after(() => app.stop());

  it('reads and writes the chats, messages and membership collections only by _id, through an index', async () => {
    const chat = await groupChat(app, owner, [member]);
    const relay = app.booted.container
      .getAll<OutboxSource>(OUTBOX_SOURCE)
      .find((source) => source.name === 'mongo') as OutboxSource;
    await eventually(
      'set-up events published',
      () => relay.backlog(),
      (n) => n === 0,
      20_000,
    );

    const connection = app.booted.container.get<Connection>(MONGO_CONNECTION);
    const client = connection.getClient();
    const seen: Query[] = [];
    const listen = (event: CommandStartedEvent): void => void seen.push(...queriesOf(event));
    client.on('commandStarted', listen);
    try {
      const path = `/v1/chats/${chat.id}/messages`;
      const as = (user: RegisteredUser, method: string, url: string, body?: unknown) =>
        app.request<MessageJson>(method, url, { token: user.accessToken, body });
      const first = await as(owner, 'POST', path, { body: 'hello', clientMsgId: 'plan-1' });
      assert.equal(first.status, 201);
      assert.equal((await as(owner, 'POST', path, { body: 'hello', clientMsgId: 'plan-1' })).status, 200);
      const reply = await as(member, 'POST', path, { body: 'hi', clientMsgId: 'plan-2', replyTo: first.body.id });
      assert.equal(reply.status, 201);
      for (const query of ['', '?limit=1', '?before=2&limit=5', '?after=0&limit=5']) {
        assert.equal((await as(member, 'GET', `${path}${query}`)).status, 200, query);
      }
      assert.equal((await as(owner, 'PATCH', `${path}/${first.body.id}`, { body: 'hello!' })).status, 200);
      assert.equal(
        (await as(member, 'PUT', `${path}/${first.body.id}/reactions/${encodeURIComponent('👍')}`)).status,
        200,
      );
      assert.equal((await as(member, 'POST', `/v1/chats/${chat.id}/read`, { seq: 1 })).status < 300, true);
      assert.equal((await as(owner, 'DELETE', `${path}/${reply.body.id}`)).status, 204);
      // Membership (docs/decisions/0036): the chat list, one chat, a join, a role change, a leave
      // and a new chat.
      assert.equal((await as(member, 'GET', '/v1/chats')).status, 200);
      assert.equal((await as(member, 'GET', `/v1/chats/${chat.id}`)).status, 200);
      assert.equal((await as(owner, 'POST', `/v1/chats/${chat.id}/members`, { userIds: [joiner.id] })).status, 200);
      const promote = await as(owner, 'PATCH', `/v1/chats/${chat.id}/members/${joiner.id}`, { role: 'admin' });
      assert.equal(promote.status, 200);
      assert.equal((await as(joiner, 'DELETE', `/v1/chats/${chat.id}/members/${joiner.id}`)).status, 204);
      assert.equal((await as(joiner, 'POST', '/v1/chats', { type: 'direct', userId: member.id })).status, 201);
      assert.equal((await as(joiner, 'GET', '/v1/chats')).status, 200);
      await eventually(
        'the relay published it all',
        () => relay.backlog(),
        (n) => n === 0,
        20_000,
      );
    } finally {
      client.off('commandStarted', listen);
    }

    assert.ok(seen.length > 10, `the path was observed (${seen.length} queries)`);
    for (const collection of HOT) {
      assert.ok(
        seen.some((query) => query.collection === collection),
        `${collection} was queried on the path`,
      );
    }
    const shapes = new Map<string, Query>();
    const idShape = (id: unknown): string =>
      typeof id === 'string' ? 'value' : `operator ${Object.keys(id as object).join(',')}`;
    for (const query of seen) {
      const keys = Object.keys(query.filter).join(',');
      shapes.set(`${query.command} ${query.collection} ${keys} ${idShape(query.filter['_id'])}`, query);
    }
    for (const [shape, query] of shapes) {
      assert.deepEqual(Object.keys(query.filter), ['_id'], `${shape}: only an _id filter`);
      // An _id value, or an $in list of them (the stack's FerretDB pushes both down, 0040).
      const id = query.filter['_id'];
      const inList = (id as { $in?: unknown } | null)?.$in;
      assert.ok(
        typeof id === 'string' ||
          (Object.keys(id as object).join() === '$in' &&
            Array.isArray(inList) &&
            inList.every((item) => typeof item === 'string')),
        `${shape}: an _id value or an $in list of them, not another operator`,
      );
      await assertIndexedLookup(connection.db!, query.collection, query.filter);
    }
    assert.ok(
      [...shapes.keys()].some((shape) => shape.endsWith('operator $in')),
      'a history page reads its messages with one _id $in',
    );
  });
});

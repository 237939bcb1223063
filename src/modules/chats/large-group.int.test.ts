import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { REDIS } from '../../platform/redis';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { watchTopic } from '../../testing/kafka';
import { chatUsers, type MessageJson } from '../../testing/chats';
import { testConfig } from '../../testing/config';
import type { RegisteredUser } from '../../testing/users';
import { WsTestClient } from '../../testing/ws';
import { CHAT_BULK_STORE, type ChatBulkStore, type ImportedMember } from './application/bulk-ports';
import { MAX_GROUP_MEMBERS } from './domain/chat';
import { MESSAGES_TOPIC } from './domain/events';

/** The membership collections (docs/decisions/0036) and the chat documents. */
const MEMBERSHIP = new Set(['chats', 'chat_members', 'chat_rosters', 'user_chats']);
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

interface Command {
  readonly name: string;
  readonly collection: string;
  /** Documents the command writes (inserted documents, update and delete statements), else 0. */
  readonly documents: number;
}

function commandOf(event: CommandStartedEvent): Command {
  const { command, commandName } = event;
  const list = (key: string): number => (Array.isArray(command[key]) ? (command[key] as unknown[]).length : 0);
  const documents =
    commandName === 'insert'
      ? list('documents')
      : commandName === 'update'
        ? list('updates')
        : commandName === 'delete'
          ? list('deletes')
          : commandName === 'findAndModify'
            ? 1
            : 0;
  return { name: commandName, collection: String(command[commandName]), documents };
}

/**
 * A group at the member limit (10,000, set up through the bulk store as an import would, not
 * 10,000 requests) works, and what a send and a read marker move cost does not grow with it: they
 * write O(1) small documents (counted through MongoDB command monitoring), and a send reaches the
 * connected members. (Views that list every member read all 10,000: docs/decisions/0036.)
 */
describe('a 10,000-member group (integration)', function () {
  this.timeout(300_000);
  let app: TestApp;
  let owner: RegisteredUser, sender: RegisteredUser, watchers: RegisteredUser[];
  let clients: WsTestClient[] = [];
  const chatId = randomUUID();
  const commands: Command[] = [];
  const listen = (event: CommandStartedEvent): void => void commands.push(commandOf(event));

  before(async () => {
    const url = new URL(testConfig().MONGO_URL);
    url.searchParams.set('monitorCommands', 'true');
    app = await startTestApp({ config: testConfig({ MONGO_URL: url.toString() }) });
    const users = await chatUsers(app, 5);
    [owner, sender] = users as [RegisteredUser, RegisteredUser];
    watchers = users.slice(2);
    const joinedAt = new Date().toISOString();
    const member = (userId: string, role: ImportedMember['role'] = 'member'): ImportedMember => ({
      userId,
      role,
      joinedAt,
      lastReadSeq: 0,
    });
    const others = Array.from({ length: MAX_GROUP_MEMBERS - 2 - watchers.length }, () => member(randomUUID()));
    const members = [
      member(owner.id, 'owner'),
      member(sender.id),
      ...watchers.map((user) => member(user.id)),
      ...others,
    ];
    const bulk = app.booted.container.get<ChatBulkStore>(CHAT_BULK_STORE);
    const outcome = await bulk.insertChats([
      {
        record: {
          chat: { id: chatId, type: 'group', title: 'everyone', createdAt: joinedAt, members },
          last: undefined,
        },
        events: [],
      },
    ]);
    assert.deepEqual(outcome.created, [chatId]);
    clients = await Promise.all(watchers.map((user) => WsTestClient.connect(app.base, { token: user.accessToken })));
    app.booted.container.get<Connection>(MONGO_CONNECTION).getClient().on('commandStarted', listen);
  });
  after(async () => {
    app?.booted.container.get<Connection>(MONGO_CONNECTION).getClient().off('commandStarted', listen);
    for (const client of clients) await client.close();
    await app?.stop();
  });

  /** The MongoDB commands `work` started (the relay is idle: nothing else is queued). */
  async function observed<T>(work: () => Promise<T>): Promise<{ result: T; commands: Command[] }> {
    commands.length = 0;
    const result = await work();
    return { result, commands: [...commands] };
  }

  const written = (list: readonly Command[], collection?: string): number =>
    list
      .filter((command) => WRITES.has(command.name) && (collection === undefined || command.collection === collection))
      .reduce((sum, command) => sum + command.documents, 0);

  it('delivers a send to connected members, writing one message and nothing of the membership', async () => {
    const send = (body: string) =>
      app.request<MessageJson>('POST', `/v1/chats/${chatId}/messages`, {
        token: sender.accessToken,
        body: { body, clientMsgId: randomUUID() },
      });
    const first = await send('hello, everyone');
    assert.equal(first.status, 201);
    for (const client of clients) {
      await client.next(
        (frame) => frame.type === 'message.new' && (frame.payload as MessageJson).id === first.body.id,
        'message.new',
      );
    }

    // A second send: the roster is cached at the chat's version, so it reads O(1) documents too.
    const { result, commands: seen } = await observed(() => send('and again'));
    assert.equal(result.status, 201);
    for (const client of clients) {
      await client.next(
        (frame) => frame.type === 'message.new' && (frame.payload as MessageJson).id === result.body.id,
        'message.new',
      );
    }
    assert.equal(written(seen, 'messages') >= 1, true);
    const inserts = seen.filter((command) => command.name === 'insert');
    assert.deepEqual(
      inserts.map((command) => [command.collection, command.documents]),
      [['messages', 1]],
    );
    for (const collection of MEMBERSHIP) assert.equal(written(seen, collection), 0, `${collection} written`);
    // Reads on the request path: the chat, the sender's member document (and at most the relay's).
    const reads = seen.filter((command) => command.name === 'find');
    assert.equal(
      reads.filter((command) => command.collection === 'chat_rosters').length,
      0,
      'no roster page read per send',
    );
    // The chat and the sender's member document come from the process's copy (0051).
    assert.deepEqual(
      reads.filter((command) => command.collection === 'chats' || command.collection === 'chat_members'),
      [],
      'a warm send reads neither the chat nor a member document',
    );
    assert.ok(reads.length <= 8, `a send read ${reads.length} documents`);
  });

  it('publishes a send without writing its message again: the relay has nothing to clear', async () => {
    const log = await watchTopic(app.booted, MESSAGES_TOPIC, (event) => event.aggregateId === chatId);
    const redis = app.booted.container.get<Redis>(REDIS);
    try {
      commands.length = 0;
      const result = await app.request<MessageJson>('POST', `/v1/chats/${chatId}/messages`, {
        token: sender.accessToken,
        body: { body: 'to the log', clientMsgId: randomUUID() },
      });
      assert.equal(result.status, 201);
      await eventually(
        'the send in the log',
        async () => log.events.some((event) => (event.payload as { messageId?: string }).messageId === result.body.id),
        Boolean,
        20_000,
      );
      // The relay's batch is done once it has left the queue (markPublished trims it last).
      await eventually(
        'the outbox queue empty',
        async () => redis.llen('outbox:mongo:live'),
        (n) => n === 0,
      );
      assert.equal(written(commands, 'messages'), 1, 'the insert, and no write by the relay');
    } finally {
      await log.stop();
    }
  });

  it('moves a read marker by rewriting one member document', async () => {
    const { result, commands: seen } = await observed(() =>
      app.request('POST', `/v1/chats/${chatId}/read`, { token: watchers[0]!.accessToken, body: { seq: 2 } }),
    );
    assert.ok(result.status < 300);
    // Its own update, and the relay clearing the event it carried.
    assert.ok(written(seen, 'chat_members') <= 2, `member writes: ${written(seen, 'chat_members')}`);
    for (const collection of ['chats', 'chat_rosters', 'user_chats']) {
      assert.equal(written(seen, collection), 0, `${collection} written`);
    }
    const stored = await app.booted.container
      .get<Connection>(MONGO_CONNECTION)
      .db?.collection<{ _id: string; lastReadSeq: number }>('chat_members')
      .findOne({ _id: `${chatId}:${watchers[0]!.id}` });
    assert.equal(stored?.lastReadSeq, 2);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import {
  chatUsers,
  fields,
  groupChat,
  messageDocs,
  type ChatJson,
  type ErrorJson,
  type MessageJson,
} from '../../testing/chats';
import type { RegisteredUser } from '../../testing/users';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { MESSAGES_TOPIC } from './domain/events';
import { messageIdOf, sentEventIdOf } from './domain/message';
import { SENDS_IN_FLIGHT } from './data-access/mongo-message-store';
import { MONGO_OUTBOX_NOTIFIER, type MongoOutboxNotifier } from '../../platform/outbox';
import { REDIS } from '../../platform/redis';
import type { Redis } from 'ioredis';
import { watchTopic } from '../../testing/kafka';

interface Page {
  items: MessageJson[];
  lastSeq: number;
  nextCursor: number | null;
}

describe('messages (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: RegisteredUser, member: RegisteredUser, outsider: RegisteredUser;
  let chat: ChatJson;

  before(async () => {
    app = await startTestApp();
    [owner, member, outsider] = (await chatUsers(app, 3)) as [RegisteredUser, RegisteredUser, RegisteredUser];
  });
  beforeEach(async () => {
    chat = await groupChat(app, owner, [member]);
  });
  after(() => app.stop());

  const send = (
    user: RegisteredUser,
    body: string,
    clientMsgId: string = randomUUID(),
    extra: Record<string, unknown> = {},
  ) =>
    app.request<MessageJson & ErrorJson>('POST', `/v1/chats/${chat.id}/messages`, {
      token: user.accessToken,
      body: { body, clientMsgId, ...extra },
    });
  const history = (user: RegisteredUser, query = '') =>
    app.request<Page>('GET', `/v1/chats/${chat.id}/messages${query}`, { token: user.accessToken });

  it('gives 50 concurrent sends the seqs 1..50, no gap, no duplicate', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(i % 2 ? owner : member, `message ${i}`)),
    );
    assert.ok(
      results.every((res) => res.status === 201),
      JSON.stringify(results.find((res) => res.status !== 201)?.body),
    );
    assert.deepEqual(
      results.map((res) => res.body.seq).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal((await history(owner, '?limit=200')).body.items.length, 50);
  });

  it('turns 20 concurrent retries of one clientMsgId into one message', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => send(owner, 'only once', 'retry-me')));
    const ids = new Set(results.map((res) => res.body.id));
    assert.equal(ids.size, 1);
    assert.deepEqual(results.filter((res) => res.status === 201).length, 1);
    assert.ok(results.every((res) => res.status === 201 || res.status === 200));
    const next = await send(owner, 'the next one');
    assert.equal(next.body.seq, 2, 'retries burned no seq');
  });

  it('pages history by seq, stable while others send', async () => {
    for (let i = 1; i <= 7; i += 1) await send(owner, `m${i}`);
    const latest = await history(member, '?limit=3');
    assert.deepEqual(
      latest.body.items.map((m) => m.seq),
      [5, 6, 7],
    );
    assert.equal(latest.body.nextCursor, 5);
    await send(member, 'arrives while paging');
    const older = await history(member, `?limit=3&before=${latest.body.nextCursor}`);
    assert.deepEqual(
      older.body.items.map((m) => m.seq),
      [2, 3, 4],
    );
    const oldest = await history(member, `?limit=3&before=2`);
    assert.deepEqual(
      oldest.body.items.map((m) => m.seq),
      [1],
    );
    assert.equal(oldest.body.nextCursor, null);
    const catchUp = await history(member, '?after=6&limit=10');
    assert.deepEqual(
      catchUp.body.items.map((m) => m.body),
      ['m7', 'arrives while paging'],
    );
    assert.equal(catchUp.body.lastSeq, 8);
  });

  it('edits (author only, history kept), deletes (author or admin, tombstone), and reacts once per user', async () => {
    const message = (await send(member, 'first draft')).body;
    const path = `/v1/chats/${chat.id}/messages/${message.id}`;
    assert.equal(
      (await app.request('PATCH', path, { token: owner.accessToken, body: { body: 'hijack' } })).status,
      403,
    );
    const edited = await app.request<MessageJson>('PATCH', path, {
      token: member.accessToken,
      body: { body: 'final' },
    });
    assert.equal(edited.body.body, 'final');
    assert.ok(edited.body.editedAt);
    const doc = (await messageDocs(app, chat.id)).find((d) => d._id === message.id);
    assert.deepEqual(
      doc?.edits.map((e) => e.body),
      ['first draft'],
    );

    for (const token of [owner.accessToken, member.accessToken, member.accessToken]) {
      await app.request('PUT', `${path}/reactions/${encodeURIComponent('👍')}`, { token });
    }
    const reacted = await app.request<MessageJson>('PUT', `${path}/reactions/${encodeURIComponent('🎉')}`, {
      token: owner.accessToken,
    });
    assert.deepEqual(
      reacted.body.reactions.map((r) => [r.emoji, r.userIds.length]),
      [
        ['👍', 2],
        ['🎉', 1],
      ],
    );
    const unreacted = await app.request<MessageJson>('DELETE', `${path}/reactions/${encodeURIComponent('👍')}`, {
      token: owner.accessToken,
    });
    assert.deepEqual(unreacted.body.reactions.find((r) => r.emoji === '👍')?.userIds, [member.id]);

    const other = (await send(owner, 'owner message')).body;
    assert.equal(
      (await app.request('DELETE', `/v1/chats/${chat.id}/messages/${other.id}`, { token: member.accessToken })).status,
      403,
    );
    assert.equal(
      (await app.request('DELETE', path, { token: owner.accessToken })).status,
      204,
      'the owner deletes a member message',
    );
    const after = (await history(member)).body.items.find((m) => m.id === message.id);
    assert.equal(after?.body, null);
    assert.ok(after?.deletedAt);
    assert.equal(after?.seq, message.seq, 'the tombstone keeps its seq');
    const stored = (await messageDocs(app, chat.id)).find((d) => d._id === message.id);
    assert.equal(stored?.body, null);
    assert.deepEqual(stored?.edits, [], 'no old body survives a delete');
    assert.equal(
      (await app.request('PATCH', path, { token: member.accessToken, body: { body: 'zombie' } })).status,
      409,
    );
  });

  it('checks replyTo belongs to the chat and resolves @mentions of members', async () => {
    const original = (await send(owner, 'question')).body;
    const reply = await send(member, `@${owner.username.toUpperCase()} answer, cc @${outsider.username}`, undefined, {
      replyTo: original.id,
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.replyTo, original.id);
    assert.deepEqual(reply.body.mentions, [owner.id], 'only members are mentioned');
    const elsewhere = await groupChat(app, owner, []);
    const foreign = (
      await app.request<MessageJson>('POST', `/v1/chats/${elsewhere.id}/messages`, {
        token: owner.accessToken,
        body: { body: 'x', clientMsgId: 'x' },
      })
    ).body;
    const bad = await send(member, 'reply to elsewhere', undefined, { replyTo: foreign.id });
    assert.equal(bad.status, 422);
    assert.deepEqual(fields(bad.body), ['replyTo']);
  });

  it('answers the bad-input matrix with 4xx naming the field, storing nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{ body: '', clientMsgId: 'a' }, ['body']],
      [{ body: '   \n ', clientMsgId: 'a' }, ['body']],
      [{ body: 'x'.repeat(4001), clientMsgId: 'a' }, ['body']],
      [{ body: 'ok' }, ['clientMsgId']],
      [{ body: 'ok', clientMsgId: 'has space' }, ['clientMsgId']],
      [{ body: 42, clientMsgId: 'a' }, ['body']],
      [{ body: 'ok', clientMsgId: 'a', replyTo: 'nope' }, ['replyTo']],
    ];
    for (const [body, expected] of cases) {
      const res = await app.request<ErrorJson>('POST', `/v1/chats/${chat.id}/messages`, {
        token: owner.accessToken,
        body,
      });
      assert.equal(res.status, 422, JSON.stringify(body).slice(0, 60));
      assert.deepEqual(fields(res.body), expected);
    }
    for (const query of ['?before=-1', '?after=x', '?limit=0', '?limit=201', '?before=3&after=1']) {
      const res = await app.request<ErrorJson>('GET', `/v1/chats/${chat.id}/messages${query}`, {
        token: owner.accessToken,
      });
      assert.equal(res.status, 422, query);
    }
    const missing = await app.request<ErrorJson>('PATCH', `/v1/chats/${chat.id}/messages/${randomUUID()}`, {
      token: owner.accessToken,
      body: { body: 'x' },
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'MESSAGE.NOT_FOUND');
    const outsiderEdit = await app.request<ErrorJson>('PATCH', `/v1/chats/${chat.id}/messages/${randomUUID()}`, {
      token: outsider.accessToken,
      body: { body: 'x' },
    });
    assert.equal(outsiderEdit.body.error.code, 'CHAT.NOT_FOUND', 'a non-member learns nothing about messages');
    assert.equal((await history(owner)).body.items.length, 0);
  });

  it('finds, past a trailing head, the message a process stored before it died, and publishes its event', async () => {
    const log = await watchTopic(app.booted, MESSAGES_TOPIC, (event) => event.aggregateId === chat.id);
    try {
      await send(owner, 'm1');
      const [stored] = await messageDocs(app, chat.id);
      assert.ok(stored);
      assert.equal(stored.derivedEvents, true, 'a plain send is stored without outbox state');
      assert.deepEqual(stored.pendingEvents, []);
      // A send whose process died after its insert, before its Redis transaction (head + event).
      const orphan = { ...stored, _id: messageIdOf(chat.id, 2), seq: 2, body: 'm2', clientMsgId: randomUUID() };
      const mongo = app.booted.container.get<Connection>(MONGO_CONNECTION);
      await mongo.db!.collection('messages').insertOne(orphan as never);
      const page = await history(member);
      assert.deepEqual(
        page.body.items.map((m) => m.body),
        ['m1', 'm2'],
      );
      assert.equal(page.body.lastSeq, 2);
      const next = (await send(member, 'm3')).body;
      assert.equal(next.seq, 3, 'the head moved on');
      // The orphan's message.sent, derived from the stored document, is published once, in seq order.
      await eventually(
        'the three sends in the log',
        async () => log.events.filter((event) => event.type === 'message.sent').length,
        (n) => n >= 3,
        20_000,
      );
      const sent = log.events.filter((event) => event.type === 'message.sent');
      assert.deepEqual(
        sent.map((event) => (event.payload as { body: string }).body),
        ['m1', 'm2', 'm3'],
      );
      assert.equal(sent[1]?.id, sentEventIdOf(orphan._id));
      assert.equal((sent[1]?.payload as { sentAt: string }).sentAt, new Date(orphan.createdAt).toISOString());
    } finally {
      await log.stop();
    }
  });

  it('publishes the event of a send whose process died, in a chat nobody touches again', async () => {
    const log = await watchTopic(app.booted, MESSAGES_TOPIC, (event) => event.aggregateId === chat.id);
    try {
      await send(owner, 'm1');
      const [stored] = await messageDocs(app, chat.id);
      assert.ok(stored);
      // The dead sender marked the chat's sends in flight a minute and more ago, inserted, and never
      // ran its Redis transaction: no head moved, no event queued, and no later send or read comes.
      const notifier = app.booted.container.get<MongoOutboxNotifier>(MONGO_OUTBOX_NOTIFIER);
      const redis = app.booted.container.get<Redis>(REDIS);
      const mark = redis.pipeline();
      notifier.writing(mark, SENDS_IN_FLIGHT, chat.id, Date.now() - 120_000);
      await mark.exec();
      const orphan = { ...stored, _id: messageIdOf(chat.id, 2), seq: 2, body: 'm2', clientMsgId: randomUUID() };
      const mongo = app.booted.container.get<Connection>(MONGO_CONNECTION);
      await mongo.db!.collection('messages').insertOne(orphan as never);
      await eventually(
        "the orphan's message.sent in the log",
        async () => log.events.filter((event) => event.type === 'message.sent').map((event) => event.id),
        (ids) => ids.includes(sentEventIdOf(orphan._id)),
        20_000,
      );
      const sent = log.events.filter((event) => event.type === 'message.sent');
      assert.deepEqual(
        sent.map((event) => (event.payload as { body: string }).body),
        ['m1', 'm2'],
      );
      assert.equal(await redis.zscore('outbox:mongo:writing', `${SENDS_IN_FLIGHT}|${chat.id}`), null, 'mark cleared');
      assert.equal((await send(member, 'm3')).body.seq, 3, 'the head moved past the orphan');
    } finally {
      await log.stop();
    }
  });

  it('publishes message events through the MongoDB outbox and clears them from the document', async () => {
    const log = await watchTopic(app.booted, MESSAGES_TOPIC, (event) => event.aggregateId === chat.id);
    try {
      const sent = (await send(owner, 'to the log')).body;
      await app.request('PATCH', `/v1/chats/${chat.id}/messages/${sent.id}`, {
        token: owner.accessToken,
        body: { body: 'edited' },
      });
      await eventually(
        'sent and edited events',
        async () => log.events.map((e) => e.type),
        (types) => types.includes('message.edited'),
        20_000,
      );
      assert.deepEqual(
        log.events.map((e) => e.type),
        ['message.sent', 'message.edited'],
      );
      assert.equal(log.events[0]?.id, sentEventIdOf(sent.id), 'the sent event id derives from the message id');
      await eventually(
        'the outbox drained',
        async () => (await messageDocs(app, chat.id))[0]?.pendingEvents.length,
        (n) => n === 0,
      );
    } finally {
      await log.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import { eventually } from '../../testing/app';
import { isolatedTestApp, type IsolatedApp } from '../../testing/isolated-app';
import { uniqueName } from '../../testing/users';
import { decodeEnvelope, KAFKA_PLATFORM, type EventEnvelope, type KafkaPlatform } from '../../platform/kafka';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { NEO4J_DRIVER } from '../../platform/neo4j';
import { MONGO_OUTBOX_BATCHES, OUTBOX_BATCHES_COLLECTION, type MongoOutboxBatches } from '../../platform/outbox';
import { PG_POOL } from '../../platform/postgres';
import { IMPORT_MESSAGES_BATCH, importEventIdOf, MESSAGES_TOPIC, messageIdOf } from '../chats';
import { ImportDataset } from './index';

const at = (minute: number): string => new Date(Date.UTC(2026, 0, 10, 9, minute)).toISOString();

/** Every event on the messages topic from the beginning, read by a group of its own until `until` holds. */
async function readMessagesTopic(
  app: IsolatedApp,
  until: (events: readonly EventEnvelope[]) => boolean,
): Promise<EventEnvelope[]> {
  const kafka = app.booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
  const events: EventEnvelope[] = [];
  const consumer = kafka.kafka.consumer({ groupId: `${app.config.KAFKA_CONSUMER_GROUP}.check.${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: kafka.topic(MESSAGES_TOPIC), fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void events.push(decodeEnvelope(message.value)) });
  try {
    await eventually(
      'the imported events',
      async () => events.length,
      () => until(events),
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a duplicate to show up
    return [...events];
  } finally {
    await consumer.disconnect();
  }
}

async function projected(app: IsolatedApp, chatIds: readonly string[]): Promise<{ search: number; analytics: number }> {
  const pool = app.booted.container.get<pg.Pool>(PG_POOL);
  const count = async (table: string) =>
    Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE chat_id = ANY($1::uuid[])`, [chatIds]))
        .rows[0]?.n,
    );
  return { search: await count('message_search'), analytics: await count('analytics_message_facts') };
}

describe('an import publishes its messages a batch at a time; projections hold them all (integration)', function () {
  this.timeout(300_000);
  let app: IsolatedApp;
  let dir: string;
  const users = Array.from({ length: 6 }, () => randomUUID());
  const chats = Array.from({ length: 4 }, () => randomUUID());
  const PER_CHAT = 750;

  before(async () => {
    app = await isolatedTestApp('import_publish');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'polychat-import-publish-'));
  });

  after(async () => {
    const driver = app?.booted.container.get<Driver>(NEO4J_DRIVER);
    await driver?.executeQuery('MATCH (u:User) WHERE u.id IN $ids DETACH DELETE u', { ids: users });
    await driver?.executeQuery('MATCH (e:OutboxEvent {namespace: $ns}) DETACH DELETE e', {
      ns: app.config.KAFKA_TOPIC_PREFIX,
    });
    await app?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sends every event of 3,000 imported messages to Kafka exactly once, and search and analytics hold every message', async () => {
    const lines = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
    await fs.writeFile(
      path.join(dir, 'users.jsonl'),
      lines(
        users.map((id) => {
          const name = uniqueName('pub');
          return {
            id,
            username: name,
            email: `${name}@example.test`,
            displayName: name,
            passwordHash: null,
            createdAt: at(0),
          };
        }),
      ),
    );
    await fs.writeFile(
      path.join(dir, 'chats.jsonl'),
      lines(
        chats.map((id, c) => ({
          id,
          type: 'group',
          title: `chat ${c}`,
          createdAt: at(0),
          members: users.map((userId, rank) => ({
            userId,
            role: rank === 0 ? 'owner' : 'member',
            joinedAt: at(0),
            lastReadSeq: 0,
          })),
        })),
      ),
    );
    const messages = chats.flatMap((chatId) =>
      Array.from({ length: PER_CHAT }, (_, i) => {
        const seq = i + 1;
        return {
          id: messageIdOf(chatId, seq),
          chatId,
          seq,
          senderId: users[seq % users.length],
          clientMsgId: `c${seq}`,
          body: seq % 25 === 0 ? null : `imported ${seq}`,
          mentions: [],
          replyTo: null,
          // Every 10th has reactions, every 25th was deleted: three event types.
          reactions: seq % 10 === 0 ? [{ emoji: 'ok', userIds: [users[0]] }] : [],
          createdAt: at(1 + (seq % 50)),
          editedAt: null,
          deletedAt: seq % 25 === 0 ? at(55) : null,
        };
      }),
    );
    // Interleaved across chats, as a real export is ordered by time.
    messages.sort((a, b) => a.seq - b.seq || a.chatId.localeCompare(b.chatId));
    await fs.writeFile(path.join(dir, 'messages.jsonl'), lines(messages));

    const report = await app.booted.container
      .get(ImportDataset)
      .run({ dir, rejectsDir: path.join(dir, 'rejects'), batchSize: 400, restart: true });
    const rejects = await fs.readFile(path.join(dir, 'rejects', 'messages.rejects.jsonl'), 'utf8').catch(() => '');
    assert.equal(
      report.steps.find((step) => step.entity === 'messages')?.created,
      messages.length,
      rejects.slice(0, 600),
    );

    const expected = new Set(
      messages.flatMap((message) => [
        importEventIdOf(message.id, 'message.sent'),
        ...(message.reactions.length > 0 ? [importEventIdOf(message.id, 'message.reactions_changed')] : []),
        ...(message.deletedAt ? [importEventIdOf(message.id, 'message.deleted')] : []),
      ]),
    );
    const events = await readMessagesTopic(app, (seen) => seen.length >= expected.size);
    const ids = events.map((event) => event.id);
    assert.equal(ids.length, expected.size, 'one event per id, none twice');
    assert.deepEqual(new Set(ids), expected);
    // Per chat, in seq order (the partition key is the chat).
    for (const chatId of chats) {
      const seqs = events
        .filter((event) => event.aggregateId === chatId && event.type === 'message.sent')
        .map((event) => (event.payload as { seq: number }).seq);
      assert.deepEqual(
        seqs,
        Array.from({ length: PER_CHAT }, (_, i) => i + 1),
        chatId,
      );
    }
    assert.ok(events.every((event) => event.metadata?.source === 'import' && event.traceId === report.traceId));

    await eventually(
      'search and analytics to hold every message',
      () => projected(app, chats),
      (now) => now.search === messages.length && now.analytics === messages.length,
      120_000,
    );
    const db = app.booted.container.get<Connection>(MONGO_CONNECTION).db;
    assert.equal(await db?.collection(OUTBOX_BATCHES_COLLECTION).countDocuments({}), 0, 'no batch left open');
    const carrying = await db?.collection('messages').countDocuments({ 'pendingEvents.0': { $exists: true } });
    assert.equal(carrying, 0, 'imported messages do not carry their events');
  });

  it('publishes, from the stored messages, a batch whose writer stored it and failed before publishing', async () => {
    const chatId = chats[0] as string;
    const stored = [PER_CHAT + 1, PER_CHAT + 2].map((seq) => ({
      _id: messageIdOf(chatId, seq),
      chatId,
      seq,
      senderId: users[1] as string,
      clientMsgId: `late${seq}`,
      body: `stored but never published ${seq}`,
      mentions: [],
      replyTo: null,
      edits: [],
      reactions: [],
      createdAt: new Date(at(58)),
      editedAt: null,
      deletedAt: null,
      version: 1,
      pendingEvents: [],
      outboxSince: null,
    }));
    const missing = messageIdOf(chatId, PER_CHAT + 3); // listed, never stored: must get no event
    const db = app.booted.container.get<Connection>(MONGO_CONNECTION).db;
    const writer = app.booted.container.get<MongoOutboxBatches>(MONGO_OUTBOX_BATCHES);
    await assert.rejects(
      writer.run(
        IMPORT_MESSAGES_BATCH,
        [...stored.map((doc) => doc._id), missing],
        { traceId: 'import:late' },
        async () => {
          await db?.collection<{ _id: string }>('messages').insertMany(stored);
          throw new Error('the writer died before publishing');
        },
      ),
      /died/,
    );

    const wanted = stored.map((doc) => importEventIdOf(doc._id, 'message.sent'));
    const events = await readMessagesTopic(app, (seen) => wanted.every((id) => seen.some((event) => event.id === id)));
    for (const id of wanted) assert.equal(events.filter((event) => event.id === id).length, 1, id);
    const late = events.filter((event) => event.traceId === 'import:late');
    assert.deepEqual(
      late.map((event) => (event.payload as { seq: number }).seq),
      [PER_CHAT + 1, PER_CHAT + 2],
    );
    assert.ok(!events.some((event) => (event.payload as { messageId?: string }).messageId === missing));
    await eventually(
      'the recovered messages in search',
      async () => (await projected(app, [chatId])).search,
      (n) => n === PER_CHAT + 2,
      60_000,
    );
    await eventually(
      'the recovered batch to be closed',
      async () => db?.collection(OUTBOX_BATCHES_COLLECTION).countDocuments({}),
      (n) => n === 0,
    );
  });
});

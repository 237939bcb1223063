import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import type { Config } from '../../config';
import { migrateOtherStores } from '../../cli/migrate';
import { bootForTest } from '../../testing/boot';
import { cliEnv, runCli } from '../../testing/cli';
import {
  consumerGroupId,
  TOPIC_ADMIN,
  type TopicAdmin,
  ConsumerLagReader,
  STREAM_HANDLER,
  type StreamHandler,
} from '../../platform/kafka';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { NEO4J_DRIVER } from '../../platform/neo4j';
import { PG_POOL } from '../../platform/postgres';
import { eventually } from '../../testing/app';
import { messageIdOf } from '../chats';
import { startDatasetEnv, type DatasetEnv } from '../../testing/datasets';
import { startFriendsApp, type FriendsApp } from '../../testing/friends';
import { uniqueName } from '../../testing/users';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook';

const at = '2026-01-10T09:00:00.000Z';
const user = (id: string): Record<string, unknown> => {
  const name = uniqueName('imp');
  return { id, username: name, email: `${name}@example.test`, displayName: name, passwordHash: null, createdAt: at };
};
const member = (userId: string, role = 'member') => ({ userId, role, joinedAt: at, lastReadSeq: 0 });
const message = (chatId: string, seq: number, senderId: string, body: string, mentions: string[] = []) => ({
  id: messageIdOf(chatId, seq),
  chatId,
  seq,
  senderId,
  clientMsgId: `c${seq}`,
  body,
  mentions,
  replyTo: null,
  reactions: [],
  createdAt: at,
  editedAt: null,
  deletedAt: null,
});

describe('imported events are history: no notifications, no pushes (integration)', function () {
  this.timeout(180_000);
  let env: DatasetEnv;
  let fx: FriendsApp;
  let webhook: WebhookReceiver;
  let isolated: Config;
  const [u1, u2, u3] = [randomUUID(), randomUUID(), randomUUID()];
  const [direct, group] = [randomUUID(), randomUUID()];

  before(async () => {
    env = await startDatasetEnv('history');
    webhook = await startWebhookReceiver();
    // Topics, consumer groups and leases of its own, shared by the import and the worker, so that
    // nothing of this suite's Kafka traffic or relay leases meets the suites before or after it.
    const { config } = env;
    isolated = {
      ...config,
      KAFKA_TOPIC_PREFIX: `${config.KAFKA_TOPIC_PREFIX}history.`,
      KAFKA_CONSUMER_GROUP: `${config.KAFKA_CONSUMER_GROUP}.history`,
      REDIS_KEY_PREFIX: `${config.REDIS_KEY_PREFIX}history:`,
      NOTIFY_WEBHOOK_URL: webhook.url,
      NOTIFY_WEBHOOK_SECRET: 'test-webhook-secret',
    };
    const setup = await bootForTest(isolated);
    try {
      await migrateOtherStores({
        neo4j: setup.container.get<Driver>(NEO4J_DRIVER),
        mongo: setup.container.get<Connection>(MONGO_CONNECTION),
        topics: setup.container.get<TopicAdmin>(TOPIC_ADMIN),
      });
    } finally {
      await setup.stop();
    }
    // The worker (relays and notification handlers) reads the stores the import writes to.
    fx = await startFriendsApp(isolated);
  });
  after(async () => {
    await fx?.stop();
    await env?.cleanGraph([u1, u2, u3]);
    await env?.booted.container
      .get<Driver>(NEO4J_DRIVER)
      .executeQuery('MATCH (e:OutboxEvent {namespace: $ns}) DETACH DELETE e', { ns: isolated.KAFKA_TOPIC_PREFIX });
    await env?.stop();
    webhook?.server.close();
  });

  /** Every outbox relayed, and both notification handlers at the end of their topics. */
  const settled = async (): Promise<string> => {
    const { rows } = await env.booted.container
      .get<pg.Pool>(PG_POOL)
      .query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
    const db = env.booted.container.get<Connection>(MONGO_CONNECTION).db;
    let mongo = 0;
    for (const name of ['chats', 'messages'])
      mongo += await db!.collection(name).countDocuments({ 'pendingEvents.0': { $exists: true } });
    const { records } = await env.booted.container
      .get<Driver>(NEO4J_DRIVER)
      .executeQuery('MATCH (e:OutboxEvent {namespace: $ns}) WHERE NOT e.published RETURN count(e) AS n', {
        ns: isolated.KAFKA_TOPIC_PREFIX,
      });
    // Every handler of the worker, not only the notifying ones: none leaves imported events for
    // the next suite's app (which reads other stores) to stumble on.
    const { container, config } = fx.app.booted;
    const groups = container.getAll<StreamHandler>(STREAM_HANDLER).map((handler) => ({
      groupId: consumerGroupId(config.KAFKA_CONSUMER_GROUP, handler.name),
      topics: handler.topics,
    }));
    const { lag } = await container.get(ConsumerLagReader).read(groups);
    return JSON.stringify({
      pg: Number(rows[0]?.n),
      mongo,
      neo4j: Number(records[0]?.get('n')),
      behind: lag.filter((entry) => entry.lag > 0).map((entry) => `${entry.groupId}:${entry.topic}`),
    });
  };

  it('imports friendships, a direct chat and a mention without telling anyone; a live request still notifies', async () => {
    const dir = path.join(env.tmp, 'history');
    await fs.mkdir(dir, { recursive: true });
    const files: Record<string, unknown[]> = {
      users: [user(u1), user(u2), user(u3)],
      friendships: [
        { userId: u1, friendId: u2, since: at },
        { userId: u1, friendId: u3, since: at },
      ],
      chats: [
        { id: direct, type: 'direct', title: null, createdAt: at, members: [member(u1), member(u2)] },
        { id: group, type: 'group', title: 'old team', createdAt: at, members: [member(u1, 'owner'), member(u3)] },
      ],
      messages: [
        message(direct, 1, u1, 'hello from January'),
        message(direct, 2, u2, 'hi back'),
        message(group, 1, u1, 'ping @u3', [u3]),
      ],
    };
    for (const [entity, rows] of Object.entries(files))
      await fs.writeFile(path.join(dir, `${entity}.jsonl`), rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const imported = await runCli(cliEnv(isolated), ['import', dir]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /friendships\s+2 new/);
    assert.match(imported.stdout, /messages\s+3 new/);

    await eventually(
      'the relays and notification handlers to reach the end of the imported events',
      settled,
      (state) => state === JSON.stringify({ pg: 0, mongo: 0, neo4j: 0, behind: [] }),
      90_000,
    );
    const notifications = env.booted.container.get<Connection>(MONGO_CONNECTION).db!.collection('notifications');
    assert.equal(await notifications.countDocuments({ userId: { $in: [u1, u2, u3] } }), 0, 'no notification stored');
    const imported3 = webhook.received.filter((push) => [u1, u2, u3].some((id) => push.body.includes(id)));
    assert.deepEqual(imported3, [], 'no push for imported history');

    // The same pipeline still tells a live friend request.
    const [alice, bob] = [await fx.user('Alice'), await fx.user('Bob')];
    const sent = await fx.call(alice, 'POST', '/v1/friends/requests', { userId: bob.id });
    assert.equal(sent.status, 201);
    const pushed = await eventually(
      'the live request pushed',
      async () => webhook.received.filter((push) => push.body.includes(bob.id)),
      (pushes) => pushes.length > 0,
      30_000,
    );
    assert.match(pushed[0]?.body ?? '', /friend_request/);
    assert.ok(await notifications.countDocuments({ userId: bob.id, kind: 'friend_request' }), 'stored for bob');
  });
});

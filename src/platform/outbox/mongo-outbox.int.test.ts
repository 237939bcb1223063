import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Booted } from '../../bootstrap';
import { eventually } from '../../testing/app';
import { bootForTest } from '../../testing/boot';
import { assertPublishedInOrder } from '../../testing/kafka';
import { createEnvelope, KAFKA_PLATFORM, type KafkaPlatform } from '../kafka';
import { MONGO_CONNECTION } from '../mongo';
import { REDIS, RedisLocks } from '../redis';
import { MongoOutboxNotifier, MongoOutboxSource, withPendingEvents, type MongoOutboxCollection } from './mongo-outbox';
import { OutboxRelay } from './relay';

interface TestDoc {
  _id: string;
  aggregateId: string;
  pendingEvents: ReturnType<typeof withPendingEvents>['pendingEvents'];
  outboxSince: Date | null;
}

/**
 * The MongoDB outbox against the real FerretDB, Redis and Kafka: writers queue the keys of the
 * documents they committed; relays publish by key, in order per aggregate, live before bulk, and a
 * new leader re-queues what a dead writer left unqueued.
 */
describe('MongoDB outbox by key (integration)', function () {
  this.timeout(120_000);
  let booted: Booted;
  let kafka: KafkaPlatform;
  let mongo: Connection;
  let redis: Redis;
  let locks: RedisLocks;
  const topic = `outbox-mongo-${randomUUID().slice(0, 8)}.v1`;
  const collectionName = `outbox_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const channel = `test:outbox:${randomUUID()}`;
  const queue = `test-outbox:${randomUUID()}`;
  const spec: MongoOutboxCollection = {
    name: collectionName,
    withWriteLock: (aggregateId, work) =>
      locks.withLock(`test-agg:${aggregateId}`, { ttlMs: 5000, waitMs: 10_000 }, work),
  };
  const docs = () => mongo.db!.collection<TestDoc>(collectionName);
  const event = (aggregateId: string, version: number) => ({
    topic,
    envelope: createEnvelope({ type: 'test.counted', aggregateId, version, payload: {} }),
  });

  /** One document per event, as a message send writes it, then its key queued. */
  const write = async (aggregateId: string, version: number, lane: 'live' | 'bulk' = 'live', enqueue = true) => {
    const id = randomUUID();
    await docs().insertOne({ _id: id, aggregateId, ...withPendingEvents([], [event(aggregateId, version)]) });
    if (enqueue) await new MongoOutboxNotifier(redis, channel, queue).committed(collectionName, [id], lane);
    return id;
  };
  const source = () => new MongoOutboxSource(mongo, () => [spec], redis, locks, channel, booted.logger, queue);
  const relay = () =>
    new OutboxRelay(source(), kafka, { batchSize: 20, pollIntervalMs: 200, maxBackoffMs: 500 }, booted.logger);

  before(async () => {
    booted = await bootForTest();
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    mongo = booted.container.get<Connection>(MONGO_CONNECTION);
    redis = booted.container.get<Redis>(REDIS);
    locks = new RedisLocks(redis);
    await kafka.ensureTopics([topic]);
  });
  after(async () => {
    await docs()
      .drop()
      .catch(() => undefined);
    await kafka.deleteTopics([topic]);
    await booted.stop();
  });
  afterEach(async () => {
    await redis.del(`${queue}:live`, `${queue}:bulk`);
    await docs().deleteMany({});
  });

  it('publishes each event once, in order per aggregate, while two relays and writers run at once', async () => {
    const relays = [relay(), relay()];
    await Promise.all(relays.map((r) => r.start()));
    const aggregates = Array.from({ length: 5 }, () => randomUUID());
    try {
      await Promise.all(
        aggregates.map(async (aggregateId) => {
          for (let version = 1; version <= 12; version += 1) await write(aggregateId, version);
        }),
      );
      await assertPublishedInOrder(booted, kafka, topic, aggregates, 12);
      await eventually(
        'the queue drained',
        () => source().backlog(),
        (n) => n === 0,
        20_000,
      );
      assert.equal(await docs().countDocuments({ outboxSince: { $ne: null } }), 0, 'published events are removed');
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });

  it('takes live work before bulk work', async () => {
    for (let i = 0; i < 30; i += 1) await write(`bulk-${i}`, 1, 'bulk');
    const live = await write('live-1', 1, 'live');
    const taker = source();
    assert.equal(await taker.tryLead(), true);
    try {
      const batch = await taker.pending(10);
      assert.equal(batch[0]?.key, 'live-1');
      assert.equal(batch.length, 10);
      assert.ok(batch.slice(1).every((entry) => entry.key.startsWith('bulk-')));
      await taker.markPublished(batch);
      assert.equal((await docs().findOne({ _id: live }))?.pendingEvents.length, 0);
      // The other 21 still wait (the leader's recovery sweep may have queued them a second time).
      assert.equal(await docs().countDocuments({ outboxSince: { $ne: null } }), 21);
    } finally {
      await taker.release();
    }
  });

  it('publishes the events an entry carries without reading the document, each once, and clears the documents', async () => {
    const notifier = new MongoOutboxNotifier(redis, channel, queue);
    // A document written twice before its first publish: two entries, the second carrying both events.
    const [first, second] = [event('twice', 1), event('twice', 2)];
    const twice = randomUUID();
    await docs().insertOne({ _id: twice, aggregateId: 'twice', ...withPendingEvents([], [first, second]) });
    await notifier.committedDocs(collectionName, [{ id: twice, pendingEvents: [first] }]);
    await notifier.committedDocs(collectionName, [{ id: twice, pendingEvents: [first, second] }]);
    // A writer died after its commit, before queueing (`lost`); the next write's entry carries it.
    const [lost, next] = [event('orphan', 1), event('orphan', 2)];
    const orphan = randomUUID();
    await docs().insertOne({ _id: orphan, aggregateId: 'orphan', ...withPendingEvents([], [lost, next]) });
    await notifier.committedDocs(collectionName, [{ id: orphan, pendingEvents: [lost, next] }]);
    // What the relay publishes comes from the entries: this document holds no event of its own.
    const carried = event('carried', 1);
    const bare = randomUUID();
    await docs().insertOne({ _id: bare, aggregateId: 'carried', ...withPendingEvents([], []) });
    await notifier.committedDocs(collectionName, [{ id: bare, pendingEvents: [carried] }]);

    const taker = source();
    assert.equal(await taker.tryLead(), true);
    try {
      const batch = await taker.pending(50);
      assert.deepEqual(
        batch.map((entry) => entry.envelope.id),
        [first, second, lost, next, carried].map((pending) => pending.envelope.id),
      );
      await taker.markPublished(batch);
      assert.equal(await docs().countDocuments({ outboxSince: { $ne: null } }), 0, 'every document cleared');
      // A later entry carrying an event this leader already published publishes nothing again.
      await notifier.committedDocs(collectionName, [{ id: twice, pendingEvents: [second] }]);
      assert.deepEqual(await taker.pending(50), []);
    } finally {
      await taker.release();
    }
  });

  it('re-queues, on taking the lead, a document whose writer died before queueing it', async () => {
    const orphan = await write('orphan', 1, 'live', false);
    assert.equal(await source().backlog(), 0, 'nothing queued it');
    const running = relay();
    await running.start();
    try {
      await eventually(
        'the orphan published',
        async () => (await docs().findOne({ _id: orphan }))?.pendingEvents.length,
        (n) => n === 0,
        20_000,
      );
    } finally {
      await running.stop();
    }
  });
});

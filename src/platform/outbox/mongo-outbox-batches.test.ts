import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { EventPublisher, OutgoingRecord } from '../kafka';
import { createEnvelope } from '../kafka';
import { createLogger } from '../logger';
import { ABANDONED, MongoOutboxBatches, OUTBOX_BATCHES_COLLECTION, type OutboxBatchDoc } from './mongo-outbox-batches';
import type { PendingEvent } from './pg-outbox';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

/** The batch collection in memory, with a log of what was done to it. */
class MemoryBatches {
  readonly docs = new Map<string, OutboxBatchDoc>();
  readonly log: string[] = [];
  async insertOne(doc: OutboxBatchDoc) {
    this.log.push('insert');
    this.docs.set(doc._id, { ...doc });
  }
  async deleteOne({ _id }: { _id: string }) {
    this.log.push('delete');
    this.docs.delete(_id);
  }
  async updateOne({ _id }: { _id: string }, { $set }: { $set: Partial<OutboxBatchDoc> }) {
    this.log.push('update');
    const doc = this.docs.get(_id);
    if (doc) this.docs.set(_id, { ...doc, ...$set });
  }
}

class MemoryPublisher implements EventPublisher {
  readonly calls: { topic: string; records: OutgoingRecord[] }[] = [];
  failing = false;
  constructor(private readonly log: string[]) {}
  async publish(topic: string, records: readonly OutgoingRecord[]) {
    this.log.push('publish');
    if (this.failing) throw new Error('kafka is down');
    this.calls.push({ topic, records: [...records] });
  }
}

const event = (topic: string, aggregateId: string, n: number): PendingEvent => ({
  topic,
  envelope: createEnvelope({ type: 'test.happened', aggregateId, payload: { n } }),
});

function setUp() {
  const batches = new MemoryBatches();
  const publisher = new MemoryPublisher(batches.log);
  const queued: string[] = [];
  const connection = { db: { collection: (name: string) => (name === OUTBOX_BATCHES_COLLECTION ? batches : null) } };
  const redis = { set: async () => 'OK' };
  const notifier = {
    committed: async (collection: string, ids: readonly string[]) =>
      void queued.push(...ids.map((id) => `${collection}|${id}`)),
  };
  const writer = new MongoOutboxBatches(
    connection as unknown as Connection,
    publisher,
    redis as unknown as Redis,
    notifier,
    logger,
  );
  return { batches, publisher, queued, writer };
}

describe('MongoOutboxBatches (bulk writes publish their own events)', () => {
  it('records the batch before writing, publishes one produce call per topic run in order, then forgets it', async () => {
    const { batches, publisher, writer } = setUp();
    const events = [event('a', 'c1', 1), event('a', 'c2', 2), event('b', 'c1', 3), event('a', 'c1', 4)];
    const result = await writer.run('test.source', ['k1', 'k2'], { traceId: 't' }, async () => {
      batches.log.push('write');
      const [open] = [...batches.docs.values()];
      assert.equal(open?.keys, 'k1\nk2');
      assert.deepEqual(open?.meta, { traceId: 't' });
      assert.equal(open?.holder, writer.holder);
      return { result: 'stored', events };
    });
    assert.equal(result, 'stored');
    assert.deepEqual(batches.log, ['insert', 'write', 'publish', 'publish', 'publish', 'delete']);
    assert.deepEqual(
      publisher.calls.map((call) => [
        call.topic,
        call.records.map((record) => (JSON.parse(String(record.value)) as { id: string }).id),
      ]),
      [
        ['a', [events[0]?.envelope.id, events[1]?.envelope.id]],
        ['b', [events[2]?.envelope.id]],
        ['a', [events[3]?.envelope.id]],
      ],
    );
    assert.equal(publisher.calls[0]?.records[1]?.key, 'c2');
    assert.equal(batches.docs.size, 0);
  });

  it('hands a batch it stored but could not publish to the recovery, and still reports the write', async () => {
    const { batches, publisher, queued, writer } = setUp();
    publisher.failing = true;
    const result = await writer.run('test.source', ['k1'], {}, async () => ({
      result: 1,
      events: [event('a', 'c', 1)],
    }));
    assert.equal(result, 1);
    const [left] = [...batches.docs.values()];
    assert.equal(left?.holder, ABANDONED);
    assert.deepEqual(queued, [`${OUTBOX_BATCHES_COLLECTION}|${left?._id}`]);
  });

  it('keeps the batch for the recovery when the write fails part-way, and rethrows', async () => {
    const { batches, publisher, queued, writer } = setUp();
    await assert.rejects(
      writer.run('test.source', ['k1'], {}, async () => {
        throw new Error('store went away');
      }),
      /store went away/,
    );
    assert.equal(publisher.calls.length, 0);
    assert.equal([...batches.docs.values()][0]?.holder, ABANDONED);
    assert.equal(queued.length, 1);
  });
});

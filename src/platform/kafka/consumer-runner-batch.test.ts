import assert from 'node:assert/strict';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { createLogger } from '../logger';
import { ConsumerRunner } from './consumer-runner';
import { createEnvelope, type EventEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import type { StreamHandler } from './ports';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

type EachBatch = (payload: EachBatchPayload) => Promise<void>;

/** A platform whose one consumer hands its `eachBatch` to the test, and which records dead letters. */
function fakePlatform() {
  const captured: { eachBatch?: EachBatch; eachMessage?: unknown } = {};
  const deadLetters: string[] = [];
  const consumer = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config: { eachBatch?: EachBatch; eachMessage?: unknown }) => void Object.assign(captured, config),
    disconnect: async () => undefined,
  };
  const platform = {
    kafka: { consumer: () => consumer },
    options: { topicPrefix: '' },
    topic: (logical: string) => logical,
    ensureTopics: async () => undefined,
    send: async (topic: string, records: { value: Buffer | string }[]) =>
      void deadLetters.push(...records.map((record) => `${topic}:${String(record.value)}`)),
  };
  return { platform: platform as unknown as KafkaPlatform, captured, deadLetters };
}

const message = (offset: number, value: string): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from('k'),
    value: Buffer.from(value),
    headers: {},
  }) as unknown as KafkaMessage;

function batchOf(messages: KafkaMessage[]) {
  const resolved: string[] = [];
  const payload = {
    batch: { topic: 't', partition: 0, messages },
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: async () => undefined,
    commitOffsetsIfNecessary: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
    pause: () => () => undefined,
  };
  return { payload: payload as unknown as EachBatchPayload, resolved };
}

const event = (type: string, n: number): EventEnvelope => createEnvelope({ type, aggregateId: 'a', payload: { n } });

class BatchHandler implements StreamHandler {
  readonly name = 'batching';
  readonly topics = ['t'];
  readonly eventTypes = ['thing.kept'];
  readonly batches: number[][] = [];
  readonly single: number[] = [];
  failBatch = false;
  async handle(envelope: EventEnvelope) {
    const { n } = envelope.payload as { n: number };
    if (n === 13) throw new Error('bad event');
    this.single.push(n);
  }
  async handleBatch(events: readonly EventEnvelope[]) {
    if (this.failBatch) throw new Error('one of them is bad');
    this.batches.push(events.map((envelope) => (envelope.payload as { n: number }).n));
  }
}

describe('ConsumerRunner with a handler that applies batches', () => {
  it('applies a fetched batch in one call, of its event types only, and resolves the last offset', async () => {
    const { platform, captured } = fakePlatform();
    const handler = new BatchHandler();
    const runner = new ConsumerRunner(platform, { groupPrefix: 'g', maxAttempts: 1, backoffMs: 1 }, logger);
    await runner.start([handler]);
    assert.ok(captured.eachBatch && !captured.eachMessage);
    const { payload, resolved } = batchOf([
      message(5, JSON.stringify(event('thing.kept', 1))),
      message(6, JSON.stringify(event('thing.other', 2))),
      message(7, JSON.stringify(event('thing.kept', 3))),
    ]);
    await captured.eachBatch(payload);
    assert.deepEqual(handler.batches, [[1, 3]]);
    assert.deepEqual(handler.single, []);
    assert.equal(resolved.at(-1), '7');
  });

  it('dead-letters an undecodable record once, and falls back to one by one when the batch fails', async () => {
    const { platform, captured, deadLetters } = fakePlatform();
    const handler = new BatchHandler();
    handler.failBatch = true;
    const runner = new ConsumerRunner(platform, { groupPrefix: 'g', maxAttempts: 1, backoffMs: 1 }, logger);
    await runner.start([handler]);
    const { payload, resolved } = batchOf([
      message(1, JSON.stringify(event('thing.kept', 1))),
      message(2, 'not json'),
      message(3, JSON.stringify(event('thing.kept', 13))),
      message(4, JSON.stringify(event('thing.kept', 4))),
    ]);
    await captured.eachBatch?.(payload);
    assert.deepEqual(handler.single, [1, 4]);
    assert.equal(deadLetters.filter((letter) => letter.endsWith('not json')).length, 1);
    assert.equal(deadLetters.length, 2, 'the undecodable record and the bad event');
    assert.equal(resolved.at(-1), '4');
  });
});

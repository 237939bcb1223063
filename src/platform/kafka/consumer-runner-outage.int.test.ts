import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { testFaultStack } from '../../../scripts/chaos/fault-stack';
import type { Booted } from '../../bootstrap';
import { eventually } from '../../testing/app';
import { bootForTest } from '../../testing/boot';
import { testConfig } from '../../testing/config';
import { MONGO_CONNECTION } from '../mongo';
import { ConsumerRunner, dlqTopic } from './consumer-runner';
import { createEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import { KAFKA_PLATFORM } from './ports';

/**
 * A stream handler whose store (the FerretDB of a private stack) is down for longer than the whole
 * retry budget: the event must wait for the store, not go to the dead-letter topic.
 */
describe('consumer runner during a store outage (integration, private stack)', function () {
  this.timeout(120_000);
  const stack = testFaultStack();
  let booted: Booted;
  let kafka: KafkaPlatform;
  let runner: ConsumerRunner | undefined;
  const topic = `runner-outage-${randomUUID().slice(0, 8)}.v1`;

  before(async () => {
    await stack.up(['ferretdb']);
    booted = await bootForTest(testConfig({ MONGO_URL: stack.urls('polychat_test_runner').MONGO_URL }));
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    await kafka.ensureTopics([topic, dlqTopic(topic)]);
  });
  after(async () => {
    await runner?.stop();
    await stack.up(['ferretdb']);
    await kafka?.deleteTopics([topic, dlqTopic(topic)]).catch(() => undefined);
    await booted?.stop();
  });

  it('holds the event while the store is down, without using up its attempts, and applies it after', async () => {
    const projected = booted.container.get<Connection>(MONGO_CONNECTION).collection<{ _id: string }>('runner_outage');
    let tries = 0;
    const maxAttempts = 3;
    runner = new ConsumerRunner(
      kafka,
      {
        groupPrefix: `${booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID().slice(0, 6)}`,
        maxAttempts,
        backoffMs: 10,
        maxStoreWaitMs: 500,
      },
      booted.logger,
    );
    await runner.start([
      {
        name: 'project',
        topics: [topic],
        handle: async (event) => {
          tries += 1;
          await projected.updateOne({ _id: event.id }, { $set: { _id: event.id } }, { upsert: true });
        },
      },
    ]);
    await stack.kill('ferretdb');
    const event = createEnvelope({ type: 'test.projected', aggregateId: randomUUID(), payload: {} });
    await kafka.publish(topic, [{ key: event.aggregateId, value: JSON.stringify(event) }]);
    // Down for twice the retry budget: the old runner dead-lettered the event after maxAttempts tries.
    await eventually(
      'the handler failing twice its attempts',
      async () => tries,
      (n) => n >= 2 * maxAttempts,
      30_000,
    );
    await stack.up(['ferretdb']);
    await eventually(
      'the event applied after the store came back',
      async () => projected.countDocuments({ _id: event.id }).catch(() => 0),
      (n) => n === 1,
      30_000,
    );
    const admin = kafka.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(kafka.topic(dlqTopic(topic))).finally(() => admin.disconnect());
    assert.deepEqual(
      offsets.map((partition) => partition.high),
      offsets.map(() => '0'),
      'nothing dead-lettered',
    );
  });
});

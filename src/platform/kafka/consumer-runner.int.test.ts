import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Booted } from '../../bootstrap';
import { bootForTest } from '../../testing/boot';
import { testConfig } from '../../testing/config';
import { ConsumerRunner, dlqTopic } from './consumer-runner';
import { createEnvelope, type EventEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import { KAFKA_PLATFORM, type StreamHandler } from './ports';

/** Waits until `predicate` holds, polling; fails with `what` after `ms`. */
async function eventually(what: string, predicate: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Kafka producer and consumer runner (integration)', function () {
  this.timeout(90_000);
  let booted: Booted;
  let kafka: KafkaPlatform;
  const topic = `runner-${randomUUID().slice(0, 8)}.v1`;
  const runners: ConsumerRunner[] = [];

  before(async () => {
    booted = await bootForTest(testConfig({ KAFKA_MAX_ATTEMPTS: '3' }));
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    await kafka.ensureTopics([topic]);
  });
  after(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await kafka.deleteTopics([topic, `${topic}.dlq`]);
    await booted.stop();
  });

  function startRunner(handler: StreamHandler): Promise<void> {
    const runner = new ConsumerRunner(
      kafka,
      {
        groupPrefix: `${booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID().slice(0, 6)}`,
        maxAttempts: 3,
        backoffMs: 10,
      },
      booted.logger,
    );
    runners.push(runner);
    return runner.start([handler]);
  }

  it('delivers produced events in order per key to a stream handler', async () => {
    const seen: EventEnvelope[] = [];
    await startRunner({ name: 'collect', topics: [topic], handle: async (event) => void seen.push(event) });
    const aggregateId = randomUUID();
    const events = [1, 2, 3, 4, 5].map((n) => createEnvelope({ type: 'test.happened', aggregateId, payload: { n } }));
    await kafka.publish(
      topic,
      events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
    await eventually('five events', () => seen.length >= 5);
    assert.deepEqual(
      seen.map((event) => (event.payload as { n: number }).n),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(seen[0], events[0]);
  });

  it('retries a failing handler, then dead-letters the event with error headers and moves on', async () => {
    let attempts = 0;
    const handled: string[] = [];
    await startRunner({
      name: 'flaky',
      topics: [topic],
      eventTypes: ['test.poison', 'test.fine'],
      handle: async (event) => {
        if (event.type === 'test.poison') {
          attempts += 1;
          throw new Error('cannot project this');
        }
        handled.push(event.id);
      },
    });
    const dead: { headers: Record<string, string>; value: string }[] = [];
    const dlqConsumer = kafka.kafka.consumer({ groupId: `${booted.config.KAFKA_CONSUMER_GROUP}.dlq-${randomUUID()}` });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: dlqTopic(kafka.topic(topic)), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]),
        );
        dead.push({ headers, value: message.value?.toString() ?? '' });
      },
    });
    try {
      const poison = createEnvelope({ type: 'test.poison', aggregateId: 'p', payload: {} });
      const fine = createEnvelope({ type: 'test.fine', aggregateId: 'p', payload: {} });
      await kafka.publish(
        topic,
        [poison, fine].map((event) => ({ key: 'p', value: JSON.stringify(event) })),
      );
      await eventually('the event after the poison one', () => handled.includes(fine.id));
      await eventually('a dead letter', () => dead.length >= 1);
      assert.equal(attempts, 3);
      assert.equal(dead.length, 1);
      assert.equal((JSON.parse(dead[0]!.value) as EventEnvelope).id, poison.id);
      assert.equal(dead[0]!.headers['x-error'], 'cannot project this');
      assert.equal(dead[0]!.headers['x-handler'], 'flaky');
      assert.equal(dead[0]!.headers['x-original-topic'], kafka.topic(topic));
      assert.equal(dead[0]!.headers['x-attempts'], '3');
    } finally {
      await dlqConsumer.disconnect();
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Booted } from '../bootstrap';
import type { KafkaPlatform } from '../platform/kafka';
import { eventually } from './app';

/**
 * Reads `topic` from the beginning and asserts that each aggregate's events arrived keyed by the
 * aggregate, exactly once each, with versions 1..perAggregate in order.
 */
export async function assertPublishedInOrder(
  booted: Booted,
  kafka: KafkaPlatform,
  topic: string,
  aggregates: readonly string[],
  perAggregate: number,
): Promise<void> {
  const seen = new Map<string, number[]>();
  const consumer = kafka.kafka.consumer({ groupId: `${booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: kafka.topic(topic), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(String(message.value)) as { aggregateId: string; version: number };
      assert.equal(String(message.key), event.aggregateId);
      seen.set(event.aggregateId, [...(seen.get(event.aggregateId) ?? []), event.version]);
    },
  });
  try {
    const total = () => [...seen.values()].reduce((sum, versions) => sum + versions.length, 0);
    await eventually(
      'every event',
      async () => total(),
      (n) => n >= aggregates.length * perAggregate,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a duplicate to show up
    const expected = Array.from({ length: perAggregate }, (_, i) => i + 1);
    for (const aggregateId of aggregates) assert.deepEqual(seen.get(aggregateId), expected, aggregateId);
  } finally {
    await consumer.disconnect();
  }
}

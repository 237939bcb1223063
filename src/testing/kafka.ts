import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Booted } from '../bootstrap';
import {
  consumerGroupId,
  decodeEnvelope,
  KAFKA_PLATFORM,
  type EventEnvelope,
  type KafkaPlatform,
} from '../platform/kafka';
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

/** The consumer group a stream handler of `booted` reads with, and the event it must get past. */
export interface HandledEvent {
  /** The handler's `name` (its group is `<KAFKA_CONSUMER_GROUP>.<name>`). */
  readonly handler: string;
  /** Logical topic name. */
  readonly topic: string;
  /** Picks the event that must be in the topic before waiting starts (e.g. by its payload's id). */
  readonly event: (envelope: EventEnvelope) => boolean;
}

/**
 * Waits until `event` is in `topic` and the handler's consumer group has committed up to the end of
 * the topic as it stood then, so the handler has dealt with that event and everything before it.
 * Use it before asserting that a handler did NOT do something, instead of sleeping.
 */
export async function waitForGroupAtEnd(booted: Booted, { handler, topic, event }: HandledEvent): Promise<void> {
  const kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
  const physical = kafka.topic(topic);
  let found = false;
  const reader = kafka.kafka.consumer({ groupId: `${booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID()}` });
  await reader.connect();
  try {
    await reader.subscribe({ topic: physical, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        if (event(decodeEnvelope(message.value))) found = true;
      },
    });
    await eventually(`the awaited event in ${topic}`, async () => found, Boolean, 30_000);
  } finally {
    await reader.disconnect();
  }
  const ends = await kafka.endOffsets([physical]);
  const groupId = consumerGroupId(booted.config.KAFKA_CONSUMER_GROUP, handler);
  await eventually(
    `group ${groupId} at the end of ${topic}`,
    async () => {
      const committed = await kafka.committedOffsets(groupId, [physical]);
      return [...ends].filter(([partition, end]) => (committed.get(partition) ?? 0n) < end).map(([key]) => key);
    },
    (behind) => behind.length === 0,
    30_000,
  );
}

/** Events of a topic as they arrive, read from the beginning by a group of their own. */
export interface TopicWatch {
  readonly events: EventEnvelope[];
  stop(): Promise<void>;
}

/** Starts reading `topic` (logical name) from the beginning, keeping the events `keep` accepts. */
export async function watchTopic(
  booted: Booted,
  topic: string,
  keep: (envelope: EventEnvelope) => boolean,
): Promise<TopicWatch> {
  const kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
  const events: EventEnvelope[] = [];
  const consumer = kafka.kafka.consumer({ groupId: `${booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: kafka.topic(topic), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const envelope = decodeEnvelope(message.value);
      if (keep(envelope)) events.push(envelope);
    },
  });
  return { events, stop: () => consumer.disconnect() };
}

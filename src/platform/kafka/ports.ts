import type { EventEnvelope } from './envelope';

/** A record to append to a topic; `key` picks the partition, so order holds per key. */
export interface OutgoingRecord {
  readonly key: string;
  readonly value: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Appends records to a topic (by logical name; the environment's prefix is added). */
export interface EventPublisher {
  publish(topic: string, records: readonly OutgoingRecord[]): Promise<void>;
}

/** Creates and removes topics (by logical name) with the configured partitions and replication. */
export interface TopicAdmin {
  ensureTopics(topics: readonly string[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
}

/** Where a consumed event came from. */
export interface DeliveryMeta {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
}

/**
 * A stream processor (projection, notifier): the worker collects every multi-bound handler and
 * runs each in its own consumer group, so each keeps its own offsets and failures.
 */
export interface StreamHandler {
  /** Stable name; the consumer group is `<KAFKA_CONSUMER_GROUP>.<name>`. */
  readonly name: string;
  /** Logical topic names, e.g. polychat.users.v1. */
  readonly topics: readonly string[];
  /** Event types this handler applies to; others are acknowledged and skipped. */
  readonly eventTypes?: readonly string[];
  handle(event: EventEnvelope, meta: DeliveryMeta): Promise<void>;
  /**
   * Optional: applies a fetched batch of one partition at once (e.g. one multi-row statement), as
   * `handle` would one by one, idempotent under redelivery. Events are in partition order and of
   * `eventTypes` only. When it throws for a reason other than a store outage, the runner applies
   * the batch's events one by one through `handle` (so only a bad event goes to the DLQ).
   */
  handleBatch?(events: readonly EventEnvelope[]): Promise<void>;
}

export const EVENT_PUBLISHER = Symbol.for('polychat.EventPublisher');
export const TOPIC_ADMIN = Symbol.for('polychat.TopicAdmin');
/** Multi-bound by feature modules. */
export const STREAM_HANDLER = Symbol.for('polychat.StreamHandler');
export const CONSUMER_RUNNER = Symbol.for('polychat.ConsumerRunner');
/** The KafkaPlatform itself, for operations tooling (DLQ, replay) inside platform/kafka's reach. */
export const KAFKA_PLATFORM = Symbol.for('polychat.KafkaPlatform');

import { Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Producer } from 'kafkajs';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { EventPublisher, OutgoingRecord, TopicAdmin } from './ports';

export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topicPrefix: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  // kafkajs reports every refused connection as an error; it retries them itself, and our own
  // components log a real failure (relay backoff, dead letter) at their own level.
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The one place that knows kafkajs: a client, its admin and an ordered (one in flight) producer, exposed through
 * the EventPublisher and TopicAdmin ports. Topic names are logical; the prefix is added here.
 */
export class KafkaPlatform implements EventPublisher, TopicAdmin {
  readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;

  constructor(
    readonly options: KafkaOptions,
    private readonly logger: Logger,
  ) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
      logCreator:
        () =>
        ({ level, log }: LogEntry) => {
          const { message, ...rest } = log;
          this.logger.log(levels[level] ?? 'info', `kafka: ${message}`, { kafka: rest });
        },
    });
    this.admin = this.kafka.admin();
    // One request in flight keeps order per partition across retries. Not kafkajs's idempotent mode:
    // it wants unbounded retries, which would hang a relay while Kafka is down; a retried send may
    // duplicate, and every consumer is idempotent.
    this.producer = this.kafka.producer({
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Physical topic name of a logical one. */
  topic(logical: string): string {
    return `${this.options.topicPrefix}${logical}`;
  }

  async connect(): Promise<void> {
    await this.admin.connect();
    await this.producer.connect();
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  readonly health: HealthCheck = {
    name: 'kafka',
    check: async () => {
      const cluster = await this.admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no brokers');
    },
  };

  async publish(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
    await this.send(this.topic(topic), records);
  }

  /** Appends to a topic by its physical name (dead-letter topics, redrive). */
  async send(physicalTopic: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.producer.send({
      topic: physicalTopic,
      acks: -1,
      messages: records.map((record) => ({ key: record.key, value: record.value, headers: { ...record.headers } })),
    });
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.map((topic) => this.topic(topic)).filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: this.options.partitions,
        replicationFactor: this.options.replicationFactor,
      })),
    });
  }

  /** The next offset to be written, per `topic:partition`. */
  async endOffsets(topics: readonly string[]): Promise<Map<string, bigint>> {
    const existing = new Set(await this.admin.listTopics());
    const ends = new Map<string, bigint>();
    for (const topic of topics.filter((name) => existing.has(name))) {
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        ends.set(`${topic}:${partition}`, BigInt(high));
      }
    }
    return ends;
  }

  /** A consumer group's committed offsets, per `topic:partition` (absent where it has none). */
  async committedOffsets(groupId: string, topics: readonly string[]): Promise<Map<string, bigint>> {
    const existing = new Set(await this.admin.listTopics());
    const offsets = await retryWhileCoordinatorMoves(() =>
      this.admin.fetchOffsets({ groupId, topics: topics.filter((name) => existing.has(name)) }),
    );
    const result = new Map<string, bigint>();
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset } of partitions)
        if (offset !== '-1') result.set(`${topic}:${partition}`, BigInt(offset));
    }
    return result;
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    await this.admin.deleteGroups([...groupIds]).catch(() => undefined);
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const present = topics.map((topic) => this.topic(topic)).filter((topic) => existing.has(topic));
    if (present.length > 0) await this.admin.deleteTopics({ topics: present });
  }
}

/** Errors a broker answers while a group's coordinator is being elected or loaded (a fresh cluster). */
const COORDINATOR_ERRORS = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

/**
 * kafkajs's admin does not retry coordinator errors; on a new cluster the first group request
 * creates __consumer_offsets and answers NOT_COORDINATOR for a moment. Retry those, briefly.
 */
async function retryWhileCoordinatorMoves<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const { type, cause, message } = error as { type?: string; cause?: { type?: string }; message?: string };
      const transient = COORDINATOR_ERRORS.has(type ?? cause?.type ?? '') || /coordinator/i.test(message ?? '');
      if (attempt >= attempts || !transient) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1000)));
    }
  }
}

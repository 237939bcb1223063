import { Counter, Gauge, type Registry } from 'prom-client';
import type { ConsumerLagReader, KafkaBacklog, WatchedGroup } from '../kafka';
import type { Logger } from '../logger';
import type { OutboxSource } from '../outbox';
import { CachedReading } from './cached-reading';

/** What the cluster gauges read on a scrape. */
export interface ClusterSources {
  /** Every owner store's outbox (postgres, mongo, neo4j). */
  readonly outboxes: readonly OutboxSource[];
  readonly kafka: ConsumerLagReader;
  /** The stream handlers' consumer groups and their topics (asked on each reading). */
  readonly groups: () => readonly WatchedGroup[];
}

export interface ReadingOptions {
  /** Scrapes within this long of a reading reuse it. */
  readonly cacheMs: number;
  /** A reading slower than this is left out of the scrape. */
  readonly timeoutMs: number;
}

/**
 * Gauges read from the stores and Kafka when Prometheus scrapes: outbox backlog per store,
 * consumer lag per topic and group, and messages per dead-letter topic. They describe shared state,
 * so every process reports the same values (aggregate with max). A reading that fails or times out
 * leaves its series out of that scrape and counts in polychat_metrics_reading_failures_total.
 */
export function registerClusterGauges(
  registry: Registry,
  sources: ClusterSources,
  options: ReadingOptions,
  logger: Logger,
): void {
  const registers = [registry];
  const failures = new Counter({
    name: 'polychat_metrics_reading_failures_total',
    help: 'Readings for /metrics that failed or timed out, by reading.',
    labelNames: ['reading'],
    registers,
  });
  const failed = (reading: string, error: unknown): void => {
    failures.inc({ reading });
    logger.debug('metrics reading failed', { reading, error: error instanceof Error ? error.message : error });
  };

  const backlogs = sources.outboxes.map((source) => ({
    store: source.name,
    reading: new CachedReading(() => source.backlog(), options.cacheMs, options.timeoutMs),
  }));
  new Gauge({
    name: 'polychat_outbox_backlog',
    help: 'Outbox entries not yet published to Kafka, by owner store.',
    labelNames: ['store'],
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        backlogs.map(async ({ store, reading }) => {
          try {
            this.set({ store }, await reading.get());
          } catch (error) {
            failed(`outbox:${store}`, error);
          }
        }),
      );
    },
  });

  const kafka = new CachedReading<KafkaBacklog>(
    () => sources.kafka.read(sources.groups()),
    options.cacheMs,
    options.timeoutMs,
  );
  const kafkaReading = async (): Promise<KafkaBacklog | undefined> => {
    try {
      return await kafka.get();
    } catch (error) {
      failed('kafka', error);
      return undefined;
    }
  };
  new Gauge({
    name: 'polychat_kafka_consumer_lag',
    help: 'Messages a consumer group has yet to process, by topic and group.',
    labelNames: ['topic', 'group'],
    registers,
    async collect() {
      this.reset();
      for (const { topic, groupId, lag } of (await kafkaReading())?.lag ?? []) this.set({ topic, group: groupId }, lag);
    },
  });
  new Gauge({
    name: 'polychat_kafka_dlq_messages',
    help: 'Messages kept in each dead-letter topic (high minus low watermark).',
    labelNames: ['topic'],
    registers,
    async collect() {
      this.reset();
      for (const { topic, messages } of (await kafkaReading())?.dlq ?? []) this.set({ topic }, messages);
    },
  });
}

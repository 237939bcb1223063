import type { Consumer, EachBatchPayload, EachMessagePayload, KafkaMessage } from 'kafkajs';
import { unavailableStoreOf, type StoreName } from '../health';
import type { Logger } from '../logger';
import { runWithLogContext } from '../logger';
import { decodeEnvelope, type EventEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import type { StreamHandler } from './ports';

export interface ConsumerRunnerOptions {
  /** Consumer groups are `<groupPrefix>.<handler name>`. */
  readonly groupPrefix: string;
  /** Attempts per event before it goes to the dead-letter topic. */
  readonly maxAttempts: number;
  /** First retry delay; doubles each attempt. */
  readonly backoffMs: number;
  /** Longest pause between tries while a store the handler needs is down (default 5 s). */
  readonly maxStoreWaitMs?: number;
}

/** Dead-letter topic of a topic (logical or physical: the prefix is the same). */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/**
 * How long a consumer that stopped heartbeating (a killed process) keeps its partitions. A
 * restarted worker joins only once its predecessor's session expired, so this bounds how soon it
 * is back after a crash (kafkajs's default is 30 s; issue 13's chaos run wants ready within 15 s).
 * Handlers heartbeat while they wait for a store (see `deliver`), so slow outages do not hit it.
 */
const SESSION_TIMEOUT_MS = 10_000;

/** The consumer group a stream handler runs in: its own, so it keeps its own offsets and failures. */
export const consumerGroupId = (groupPrefix: string, handlerName: string): string => `${groupPrefix}.${handlerName}`;

/** Told each time a handler applied an event (metrics: projection latency). */
export interface ProjectionObserver {
  /** `topic` is logical; `latencySeconds` runs from the event's occurredAt to now. */
  applied(handler: string, topic: string, latencySeconds: number): void;
}

/**
 * Runs stream handlers, one consumer group each. An event is retried with backoff, then written to
 * `<topic>.dlq` with error headers and skipped; if even that write fails, the consumer stops on the
 * event (kafkajs restarts it) so nothing is lost.
 *
 * A failure because a store is down (STORE.UNAVAILABLE or a driver connection error, see
 * platform/health's toStoreError) is not the event's fault: the handler holds the partition on that
 * event (nothing after it is consumed, its offset is not committed) and tries again with a capped
 * backoff, heartbeating so the group keeps the partition, until the store is back. Those tries do
 * not count against `maxAttempts`: the DLQ is only for events that fail on healthy stores.
 */
export class ConsumerRunner {
  private readonly consumers: Consumer[] = [];
  private stopping = false;

  constructor(
    private readonly platform: KafkaPlatform,
    private readonly options: ConsumerRunnerOptions,
    private readonly logger: Logger,
    private readonly observer?: ProjectionObserver,
  ) {}

  async start(handlers: readonly StreamHandler[]): Promise<void> {
    const topics = [...new Set(handlers.flatMap((handler) => [...handler.topics]))];
    await this.platform.ensureTopics([...topics, ...topics.map(dlqTopic)]);
    for (const handler of handlers) {
      const consumer = this.platform.kafka.consumer({
        groupId: consumerGroupId(this.options.groupPrefix, handler.name),
        sessionTimeout: SESSION_TIMEOUT_MS,
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: handler.topics.map((topic) => this.platform.topic(topic)),
        fromBeginning: true,
      });
      if (handler.handleBatch)
        await consumer.run({
          eachBatchAutoResolve: false,
          eachBatch: (payload) => this.deliverBatch(handler, payload),
        });
      else await consumer.run({ eachMessage: (payload) => this.deliver(handler, payload) });
      this.consumers.push(consumer);
      this.logger.info('stream handler started', { handler: handler.name, topics: handler.topics });
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.disconnect()));
  }

  private async deliver(handler: StreamHandler, payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    let event;
    try {
      event = decodeEnvelope(message.value);
    } catch (error) {
      await this.deadLetter(handler, topic, partition, message, error, 0);
      return;
    }
    if (handler.eventTypes && !handler.eventTypes.includes(event.type)) return;
    let lastError: unknown;
    let storeWaits = 0;
    for (let attempt = 1; attempt <= this.options.maxAttempts;) {
      try {
        await runWithLogContext({ traceId: event.traceId ?? event.id }, () =>
          handler.handle(event, { topic, partition, offset: message.offset, attempt }),
        );
        if (storeWaits > 0) {
          this.logger.info('store back; stream handler resumed', {
            handler: handler.name,
            eventId: event.id,
            storeWaits,
          });
        }
        this.observe(handler, topic, event.occurredAt);
        return;
      } catch (error) {
        const store = unavailableStoreOf(error);
        if (store) {
          storeWaits += 1;
          await this.waitForStore(handler, store, payload, storeWaits, error);
          continue; // the same attempt again: an outage is not the event's fault
        }
        lastError = error;
        this.logger.warn('stream handler failed', { handler: handler.name, eventId: event.id, attempt, error });
        if (attempt < this.options.maxAttempts) await sleep(this.options.backoffMs * 2 ** (attempt - 1));
        attempt += 1;
      }
    }
    await this.deadLetter(handler, topic, partition, message, lastError, this.options.maxAttempts);
  }

  /**
   * A fetched batch of one partition for a handler that applies batches: undecodable records go to
   * the DLQ, the rest is applied by one `handleBatch` call (held while a store is down, like one
   * event); if that fails otherwise, the batch is applied one event at a time with the usual
   * retries and dead letters. Offsets are resolved and committed after the batch.
   */
  private async deliverBatch(handler: StreamHandler, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const heartbeat = () => payload.heartbeat();
    const events: EventEnvelope[] = [];
    const undecodable = new Set<string>();
    for (const message of batch.messages) {
      try {
        const event = decodeEnvelope(message.value);
        if (!handler.eventTypes || handler.eventTypes.includes(event.type)) events.push(event);
      } catch (error) {
        undecodable.add(message.offset);
        await this.deadLetter(handler, topic, partition, message, error, 0);
      }
    }
    const last = batch.messages.at(-1);
    if (!last) return;
    if (events.length > 0 && !(await this.applyBatch(handler, events, payload))) {
      for (const message of batch.messages) {
        if (!payload.isRunning() || payload.isStale()) return;
        if (undecodable.has(message.offset)) continue;
        await this.deliver(handler, { topic, partition, message, heartbeat, pause: () => payload.pause() });
        payload.resolveOffset(message.offset);
      }
    }
    payload.resolveOffset(last.offset);
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
  }

  /** One `handleBatch` call, tried again while a store is down; false when it failed otherwise. */
  private async applyBatch(
    handler: StreamHandler,
    events: readonly EventEnvelope[],
    payload: EachBatchPayload,
  ): Promise<boolean> {
    const first = payload.batch.messages[0] as KafkaMessage;
    for (let storeWaits = 0; ;) {
      try {
        await runWithLogContext({ traceId: events[0]?.traceId ?? events[0]?.id }, () =>
          handler.handleBatch ? handler.handleBatch(events) : Promise.resolve(),
        );
        for (const event of events) this.observe(handler, payload.batch.topic, event.occurredAt);
        return true;
      } catch (error) {
        const store = unavailableStoreOf(error);
        if (!store) {
          this.logger.warn('stream handler batch failed; applying its events one by one', {
            handler: handler.name,
            events: events.length,
            error,
          });
          return false;
        }
        storeWaits += 1;
        const at = { topic: payload.batch.topic, partition: payload.batch.partition, message: first };
        await this.waitForStore(handler, store, { ...at, heartbeat: () => payload.heartbeat() }, storeWaits, error);
      }
    }
  }

  /**
   * Waits before trying an event again while `store` is down: 250 ms doubling to maxStoreWaitMs,
   * heartbeating so the partition stays assigned. When the runner stops meanwhile it rethrows, so
   * the event stays uncommitted and is consumed again on the next start.
   */
  private async waitForStore(
    handler: StreamHandler,
    store: StoreName,
    payload: Pick<EachMessagePayload, 'topic' | 'partition' | 'message' | 'heartbeat'>,
    waits: number,
    error: unknown,
  ): Promise<void> {
    if (waits === 1) {
      this.logger.warn('store unavailable; holding the partition until it is back', {
        handler: handler.name,
        store,
        topic: payload.topic,
        partition: payload.partition,
        offset: payload.message.offset,
        error,
      });
    }
    const maxMs = this.options.maxStoreWaitMs ?? 5000;
    const delay = Math.min(maxMs, 250 * 2 ** Math.min(waits - 1, 10));
    const deadline = Date.now() + delay;
    while (Date.now() < deadline) {
      if (this.stopping) throw error;
      await sleep(Math.min(250, deadline - Date.now()));
    }
    if (this.stopping) throw error;
    await payload.heartbeat();
  }

  private observe(handler: StreamHandler, physicalTopic: string, occurredAt: string): void {
    if (!this.observer) return;
    const prefix = this.platform.options.topicPrefix;
    const topic = physicalTopic.startsWith(prefix) ? physicalTopic.slice(prefix.length) : physicalTopic;
    this.observer.applied(handler.name, topic, (Date.now() - Date.parse(occurredAt)) / 1000);
  }

  private async deadLetter(
    handler: StreamHandler,
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    await this.platform.send(dlqTopic(topic), [
      {
        key: message.key?.toString('utf8') ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          'x-error': reason.slice(0, 1000),
          'x-handler': handler.name,
          'x-original-topic': topic,
          'x-original-partition': String(partition),
          'x-original-offset': message.offset,
          'x-attempts': String(attempts),
          'x-failed-at': new Date().toISOString(),
        },
      },
    ]);
    this.logger.error('event sent to dead-letter topic', {
      handler: handler.name,
      topic,
      offset: message.offset,
      reason,
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

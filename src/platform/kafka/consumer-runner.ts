import type { Consumer, EachMessagePayload } from 'kafkajs';
import type { Logger } from '../logger';
import { runWithLogContext } from '../logger';
import { decodeEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import type { StreamHandler } from './ports';

export interface ConsumerRunnerOptions {
  /** Consumer groups are `<groupPrefix>.<handler name>`. */
  readonly groupPrefix: string;
  /** Attempts per event before it goes to the dead-letter topic. */
  readonly maxAttempts: number;
  /** First retry delay; doubles each attempt. */
  readonly backoffMs: number;
}

/** Dead-letter topic of a topic (logical or physical: the prefix is the same). */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

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
 */
export class ConsumerRunner {
  private readonly consumers: Consumer[] = [];

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
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: handler.topics.map((topic) => this.platform.topic(topic)),
        fromBeginning: true,
      });
      await consumer.run({ eachMessage: (payload) => this.deliver(handler, payload) });
      this.consumers.push(consumer);
      this.logger.info('stream handler started', { handler: handler.name, topics: handler.topics });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.disconnect()));
  }

  private async deliver(handler: StreamHandler, { topic, partition, message }: EachMessagePayload): Promise<void> {
    let event;
    try {
      event = decodeEnvelope(message.value);
    } catch (error) {
      await this.deadLetter(handler, topic, partition, message, error, 0);
      return;
    }
    if (handler.eventTypes && !handler.eventTypes.includes(event.type)) return;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      try {
        await runWithLogContext({ traceId: event.traceId ?? event.id }, () =>
          handler.handle(event, { topic, partition, offset: message.offset, attempt }),
        );
        this.observe(handler, topic, event.occurredAt);
        return;
      } catch (error) {
        lastError = error;
        this.logger.warn('stream handler failed', { handler: handler.name, eventId: event.id, attempt, error });
        if (attempt < this.options.maxAttempts) await sleep(this.options.backoffMs * 2 ** (attempt - 1));
      }
    }
    await this.deadLetter(handler, topic, partition, message, lastError, this.options.maxAttempts);
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

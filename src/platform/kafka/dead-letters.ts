import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { dlqTopic } from './consumer-runner';
import { decodeEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import type { StreamHandler } from './ports';

/** One dead letter as `polychat dlq list` shows it. */
export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly handler: string;
  readonly error: string;
  readonly failedAt: string;
  readonly attempts: number;
  readonly eventId: string | null;
  readonly eventType: string | null;
}

export interface RedriveResult {
  readonly redriven: number;
  readonly failed: readonly { readonly letter: DeadLetter; readonly error: string }[];
}

/**
 * Reads dead-letter topics up to their end at the time of the call. `list` uses a throwaway group;
 * `redrive` uses one durable group per source topic, committing each letter only after its handler
 * succeeded, so a letter is redriven once and a still-failing one stays for the next run.
 */
export class DeadLetters {
  constructor(
    private readonly platform: KafkaPlatform,
    private readonly groupPrefix: string,
  ) {}

  async list(topics: readonly string[]): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    const groupId = `${this.groupPrefix}.dlq-list.${randomUUID()}`;
    await this.drain(groupId, topics, (topic, partition, message) => {
      letters.push(describe(topic, partition, message));
      return Promise.resolve(true);
    });
    await this.platform.deleteGroups([groupId]);
    return letters;
  }

  async redrive(topics: readonly string[], handlers: readonly StreamHandler[], only?: string): Promise<RedriveResult> {
    const byName = new Map(handlers.map((handler) => [handler.name, handler]));
    let redriven = 0;
    const failed: { letter: DeadLetter; error: string }[] = [];
    await this.drain(`${this.groupPrefix}.dlq-redrive`, topics, async (topic, partition, message) => {
      const letter = describe(topic, partition, message);
      if (only && letter.handler !== only) return true; // not ours to redrive: skip it
      const handler = byName.get(letter.handler);
      try {
        if (!handler) throw new Error(`no stream handler named '${letter.handler}' in this build`);
        await handler.handle(decodeEnvelope(message.value), {
          topic: header(message, 'x-original-topic') ?? topic,
          partition: Number(header(message, 'x-original-partition') ?? partition),
          offset: header(message, 'x-original-offset') ?? message.offset,
          attempt: letter.attempts + 1,
        });
        redriven += 1;
        return true;
      } catch (error) {
        failed.push({ letter, error: error instanceof Error ? error.message : String(error) });
        return false; // stop this partition here; the letter stays for the next redrive
      }
    });
    return { redriven, failed };
  }

  /**
   * Feeds each message up to the current end of every partition to `visit`, committing after each
   * one it accepts; a partition stops at the first one it refuses.
   */
  private async drain(
    groupId: string,
    logicalTopics: readonly string[],
    visit: (topic: string, partition: number, message: KafkaMessage) => Promise<boolean>,
  ): Promise<void> {
    const topics = logicalTopics.map((topic) => dlqTopic(this.platform.topic(topic)));
    const ends = await this.platform.endOffsets(topics);
    const open = new Map([...ends].filter(([, end]) => end > 0n));
    if (open.size === 0) return;
    const committed = await this.platform.committedOffsets(groupId, topics);
    for (const [key, offset] of committed) if (offset >= (ends.get(key) ?? 0n)) open.delete(key);
    if (open.size === 0) return;
    const consumer: Consumer = this.platform.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const key = `${topic}:${partition}`;
            if (!open.has(key)) return;
            const accepted = await visit(topic, partition, message);
            const next = BigInt(message.offset) + 1n;
            if (accepted) await consumer.commitOffsets([{ topic, partition, offset: next.toString() }]);
            if (!accepted || next >= (open.get(key) ?? 0n)) open.delete(key);
            if (!accepted) consumer.pause([{ topic, partitions: [partition] }]);
            if (open.size === 0) resolve();
          },
        });
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topics.join(', ')} took over 120s`)), 120_000);
      });
      await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
    }
  }
}

function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(value);
}

function describe(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  let eventId: string | null = null;
  let eventType: string | null = null;
  try {
    const envelope = decodeEnvelope(message.value);
    eventId = envelope.id;
    eventType = envelope.type;
  } catch {
    // undecodable: it is in the DLQ for exactly that reason
  }
  return {
    topic,
    partition,
    offset: message.offset,
    handler: header(message, 'x-handler') ?? 'unknown',
    error: header(message, 'x-error') ?? '',
    failedAt: header(message, 'x-failed-at') ?? '',
    attempts: Number(header(message, 'x-attempts') ?? 0),
    eventId,
    eventType,
  };
}

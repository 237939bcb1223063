import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { KafkaPlatform } from './kafka';

/** Where a replay starts: one offset on every partition, offsets per partition, or a point in time. */
export type LogStart =
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'offsets'; readonly offsets: ReadonlyMap<number, bigint> }
  | { readonly kind: 'time'; readonly at: Date };

/** The part of one partition a replay reads: [from, to), `to` being the high watermark at the start. */
export interface PartitionRange {
  readonly partition: number;
  readonly from: bigint;
  readonly to: bigint;
}

/** Where a message was read. */
export interface LogPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** Parses `--from`: "123" (every partition), "0:12,2:40" (per partition) or an ISO 8601 instant. */
export function parseLogStart(text: string): LogStart | undefined {
  if (/^\d+$/.test(text)) return { kind: 'offset', offset: BigInt(text) };
  if (/^\d+:\d+(,\d+:\d+)*$/.test(text)) {
    const pairs = text.split(',').map((pair) => pair.split(':').map((part) => BigInt(part)));
    return {
      kind: 'offsets',
      offsets: new Map(pairs.map(([partition = 0n, offset = 0n]) => [Number(partition), offset])),
    };
  }
  if (/^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(Date.parse(text))) return { kind: 'time', at: new Date(text) };
  return undefined;
}

/** How long a read may go without a message while partitions are still open. */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Reads a bounded part of a topic's log without touching any live consumer group: a throwaway group
 * that seeks to the planned offsets, never commits, stops at the high watermarks seen when the read
 * was planned (events appended later are the live consumers' business), and is deleted afterwards.
 */
export class LogReader {
  constructor(
    private readonly platform: KafkaPlatform,
    private readonly groupPrefix: string,
  ) {}

  /** Per partition: from the start (clamped to what the log still holds) up to the high watermark now. */
  async plan(logicalTopic: string, start: LogStart): Promise<PartitionRange[]> {
    const topic = this.platform.topic(logicalTopic);
    const admin = this.platform.kafka.admin();
    await admin.connect();
    try {
      const watermarks = await admin.fetchTopicOffsets(topic);
      const byTime =
        start.kind === 'time' ? await admin.fetchTopicOffsetsByTimestamp(topic, start.at.getTime()) : undefined;
      return watermarks
        .map(({ partition, low, high }) => {
          const [lowest, end] = [BigInt(low), BigInt(high)];
          let from: bigint | undefined;
          if (start.kind === 'offset') from = start.offset;
          else if (start.kind === 'offsets') from = start.offsets.get(partition);
          else from = BigInt(byTime?.find((entry) => entry.partition === partition)?.offset ?? high);
          if (from === undefined) return undefined;
          const clamped = from < lowest ? lowest : from > end ? end : from;
          return { partition, from: clamped, to: end };
        })
        .filter((range): range is PartitionRange => range !== undefined)
        .sort((a, b) => a.partition - b.partition);
    } finally {
      await admin.disconnect();
    }
  }

  /** Feeds every message of the ranges to `visit`, in order within each partition. */
  async read(
    logicalTopic: string,
    ranges: readonly PartitionRange[],
    visit: (message: KafkaMessage, position: LogPosition) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<void> {
    const topic = this.platform.topic(logicalTopic);
    const open = new Map(ranges.filter((range) => range.from < range.to).map((range) => [range.partition, range]));
    if (open.size === 0) return;
    const groupId = `${this.groupPrefix}.replay.${randomUUID()}`;
    const consumer = this.platform.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      let lastActivity = Date.now();
      let watchdog: NodeJS.Timeout | undefined;
      const done = new Promise<void>((resolve, reject) => {
        const finish = (partition: number): void => {
          open.delete(partition);
          consumer.pause([{ topic, partitions: [partition] }]);
          if (open.size === 0) resolve();
        };
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const range = open.get(partition);
              if (!range) return;
              const offset = BigInt(message.offset);
              if (offset < range.from) return; // delivered before the seek took effect
              lastActivity = Date.now();
              if (offset < range.to) await visit(message, { topic: logicalTopic, partition, offset: message.offset });
              if (offset + 1n >= range.to) finish(partition);
            },
          })
          .catch(reject);
        watchdog = setInterval(() => {
          if (signal?.aborted) reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
          else if (Date.now() - lastActivity > IDLE_TIMEOUT_MS) {
            const stuck = [...open.values()].map((range) => `${range.partition}@${range.from}..${range.to}`);
            reject(new Error(`no message for ${IDLE_TIMEOUT_MS / 1000}s while reading ${topic} ${stuck.join(', ')}`));
          }
        }, 500);
      });
      for (const range of open.values())
        consumer.seek({ topic, partition: range.partition, offset: range.from.toString() });
      await done.finally(() => clearInterval(watchdog));
    } finally {
      await consumer.disconnect();
      await this.platform.deleteGroups([groupId]);
    }
  }
}

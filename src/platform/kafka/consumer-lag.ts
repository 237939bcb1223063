import type { Admin } from 'kafkajs';
import { dlqTopic } from './consumer-runner';
import type { KafkaPlatform } from './kafka';

/** A consumer group and the (logical) topics it reads. */
export interface WatchedGroup {
  readonly groupId: string;
  readonly topics: readonly string[];
}

/** How far behind one group is on one topic, summed over partitions. */
export interface TopicLag {
  /** Logical topic name (without the environment's prefix). */
  readonly topic: string;
  readonly groupId: string;
  readonly lag: number;
}

/** Letters kept in one dead-letter topic (high minus low watermark, summed over partitions). */
export interface DlqSize {
  /** Logical DLQ topic name, e.g. polychat.users.v1.dlq. */
  readonly topic: string;
  readonly messages: number;
}

export interface KafkaBacklog {
  readonly lag: readonly TopicLag[];
  readonly dlq: readonly DlqSize[];
}

interface Watermarks {
  readonly high: number;
  readonly low: number;
}

/**
 * Reads consumer lag (each group's committed offsets against the topics' high watermarks) and DLQ
 * sizes through an admin client of its own, connected on first use, so metrics never queue behind
 * the relay's or the health check's requests. A partition a group never committed counts from the
 * low watermark, since every group starts from the beginning.
 */
export class ConsumerLagReader {
  private admin: Promise<Admin> | undefined;

  constructor(private readonly platform: KafkaPlatform) {}

  /** Lag of every watched group on each of its topics, and the size of each topic's DLQ. */
  async read(groups: readonly WatchedGroup[]): Promise<KafkaBacklog> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const logical = [...new Set(groups.flatMap((group) => group.topics))];
    const marks = new Map<string, Map<number, Watermarks>>();
    for (const topic of [...logical, ...logical.map(dlqTopic)]) {
      const physical = this.platform.topic(topic);
      if (!existing.has(physical)) continue;
      const partitions = await admin.fetchTopicOffsets(physical);
      marks.set(topic, new Map(partitions.map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }])));
    }
    const lag: TopicLag[] = [];
    for (const group of groups) {
      const topics = group.topics.filter((topic) => marks.has(topic));
      if (topics.length === 0) continue;
      const committed = await admin.fetchOffsets({
        groupId: group.groupId,
        topics: topics.map((topic) => this.platform.topic(topic)),
      });
      for (const topic of topics) {
        const byPartition = marks.get(topic) ?? new Map<number, Watermarks>();
        const offsets = committed.find((entry) => entry.topic === this.platform.topic(topic))?.partitions ?? [];
        let behind = 0;
        for (const [partition, { high, low }] of byPartition) {
          const offset = Number(offsets.find((entry) => entry.partition === partition)?.offset ?? '-1');
          behind += Math.max(0, high - (offset >= 0 ? offset : low));
        }
        lag.push({ topic, groupId: group.groupId, lag: behind });
      }
    }
    const dlq = logical
      .map(dlqTopic)
      .filter((topic) => marks.has(topic))
      .map((topic) => ({
        topic,
        messages: [...(marks.get(topic)?.values() ?? [])].reduce((sum, { high, low }) => sum + high - low, 0),
      }));
    return { lag, dlq };
  }

  /** Disconnects the admin client if it was ever connected. */
  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.platform.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined; // try again on the next reading
      throw error;
    });
    return this.admin;
  }
}

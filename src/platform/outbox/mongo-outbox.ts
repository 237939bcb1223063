import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import type { RedisLocks } from '../redis';
import type { PendingEvent } from './pg-outbox';
import type { OutboxEntry, OutboxSource } from './ports';

/** The fields a document needs to carry its own outbox. */
export interface OutboxFields {
  pendingEvents: PendingEvent[];
  /** occurredAt of the oldest pending event; null when there is none (indexed, sparse). */
  outboxSince: Date | null;
}

/** A collection whose documents carry pending events, and the lock that guards writes to one. */
export interface MongoOutboxCollection {
  readonly name: string;
  lockKeyOf(doc: { _id: string; [field: string]: unknown }): string;
}

/** The fields to `$set` along with a document change that emits `events`. */
export function withPendingEvents(existing: readonly PendingEvent[], events: readonly PendingEvent[]): OutboxFields {
  const pendingEvents = [...existing, ...events];
  const first = pendingEvents[0];
  return { pendingEvents, outboxSince: first ? new Date(first.envelope.occurredAt) : null };
}

interface OutboxDoc {
  _id: string;
  pendingEvents?: PendingEvent[];
  [field: string]: unknown;
}

const LEASE_MS = 15_000;

/**
 * MongoDB's outbox: pending events inside the documents they describe (no multi-document
 * transactions). One relay leads through a Redis lease; writers wake it through Redis pub/sub.
 * Removing published events holds the same lock writers hold (docs/decisions/0007).
 */
export class MongoOutboxSource implements OutboxSource {
  readonly name = 'mongo';
  private readonly holder = randomUUID();

  constructor(
    private readonly connection: Connection,
    private readonly collections: readonly MongoOutboxCollection[],
    private readonly redis: Redis,
    private readonly locks: RedisLocks,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  tryLead(): Promise<boolean> {
    return this.locks.lease('outbox:mongo', this.holder, LEASE_MS);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const entries: (OutboxEntry & { at: number })[] = [];
    for (const collection of this.collections) {
      const docs = await this.collection(collection.name)
        .find({ outboxSince: { $ne: null } })
        .sort({ outboxSince: 1 })
        .limit(limit)
        .toArray();
      for (const doc of docs) {
        for (const pending of doc.pendingEvents ?? []) {
          entries.push({
            position: `${collection.name}:${doc._id}:${pending.envelope.id}`,
            topic: pending.topic,
            key: pending.envelope.aggregateId,
            envelope: pending.envelope,
            at: Date.parse(pending.envelope.occurredAt),
          });
        }
      }
    }
    return entries.sort((a, b) => a.at - b.at).slice(0, limit);
  }

  async markPublished(entries: readonly OutboxEntry[]): Promise<void> {
    const byDoc = new Map<string, Set<string>>();
    for (const entry of entries) {
      const [collection = '', id = '', eventId = ''] = entry.position.split(':');
      const key = `${collection}:${id}`;
      byDoc.set(key, (byDoc.get(key) ?? new Set()).add(eventId));
    }
    for (const [key, eventIds] of byDoc) {
      const [name = '', id = ''] = key.split(':');
      const spec = this.collections.find((collection) => collection.name === name);
      if (!spec) continue;
      const docs = this.collection(name);
      const current = await docs.findOne({ _id: id });
      if (!current) continue;
      await this.locks.withLock(spec.lockKeyOf(current), { ttlMs: 5000, waitMs: 10_000 }, async () => {
        const fresh = await docs.findOne({ _id: id });
        const remaining = (fresh?.pendingEvents ?? []).filter((pending) => !eventIds.has(pending.envelope.id));
        await docs.updateOne({ _id: id }, { $set: { ...withPendingEvents([], remaining) } });
      });
    }
  }

  async subscribe(wake: () => void): Promise<() => Promise<void>> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', (error: Error) => this.logger.debug('outbox subscriber error', { error: error.message }));
    subscriber.on('message', () => wake());
    await subscriber.subscribe(this.channel);
    return async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  }

  /** Pending events (not documents: one document may carry several), found through `outboxSince`. */
  async backlog(): Promise<number> {
    let total = 0;
    for (const collection of this.collections) {
      const [counted] = await this.collection(collection.name)
        .aggregate<{ n: number }>([
          { $match: { outboxSince: { $ne: null } } },
          { $unwind: '$pendingEvents' },
          { $count: 'n' },
        ])
        .toArray();
      total += counted?.n ?? 0;
    }
    return total;
  }

  release(): Promise<void> {
    return this.locks.releaseLease('outbox:mongo', this.holder);
  }

  private collection(name: string) {
    const db = this.connection.db;
    if (!db) throw new Error('mongo is not connected');
    return db.collection<OutboxDoc>(name);
  }
}

/** Wakes Mongo outbox relays in every process right after a write committed events. */
export class MongoOutboxNotifier {
  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  notify(): void {
    this.redis.publish(this.channel, '1').catch(() => undefined); // the relay's poll covers a lost wake-up
  }
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { EventPublisher } from '../kafka';
import type { Logger } from '../logger';
import type { PendingEvent } from './pg-outbox';

/**
 * Rebuilds, from what is stored, the events of the records a bulk writer's batch listed: used when
 * the writer died (or could not publish) between storing the batch and publishing its events.
 * Multi-bound by the module that owns the records (MONGO_OUTBOX_BATCH_RECOVERY). Records that are
 * not stored are skipped: an event is only ever published for a record that exists.
 */
export interface OutboxBatchRecovery {
  /** The `source` the writer named its batches with. */
  readonly name: string;
  eventsOf(keys: readonly string[], meta: Readonly<Record<string, string>>): Promise<PendingEvent[]>;
}

/** The collection of open batches: small (one document per batch in flight), read whole by the recovery. */
export const OUTBOX_BATCHES_COLLECTION = 'outbox_batches';
/** The holder of a batch whose writer gave up on publishing it (recovery takes it at once). */
export const ABANDONED = 'abandoned';
/** Redis key that says a batch writer is alive; its batches are left alone while it exists. */
export const writerAliveKey = (holder: string): string => `outbox:batches:alive:${holder}`;

/** An open batch as stored: the records it lists (joined: one string is far cheaper on FerretDB). */
export interface OutboxBatchDoc {
  _id: string;
  source: string;
  /** The record keys, joined with '\n'. */
  keys: string;
  meta: Record<string, string>;
  holder: string;
  openedAt: Date;
}

const ALIVE_MS = 30_000;

/** Queues a document key on the relay's bulk lane (MongoOutboxNotifier.committed). */
interface BulkQueue {
  committed(collection: string, ids: readonly string[], lane: 'bulk'): Promise<void>;
}

/** Splits a batch document's keys. */
export const keysOf = (doc: Pick<OutboxBatchDoc, 'keys'>): string[] => (doc.keys ? doc.keys.split('\n') : []);

/**
 * Bulk writes (dataset imports) publish their own events, a batch per producer call, instead of
 * storing every event inside its document for the relay to read back and remove: on the local
 * FerretDB each event's bytes cost about 0.4 ms per pass, and the per-document outbox made four
 * passes (insert, relay read, read and rewrite under the lock). Atomicity with the stored records
 * holds through a small batch document written before the records (docs/decisions/0035):
 *
 * 1. insert `{_id, source, keys, meta, holder}` (the keys of the records about to be written);
 * 2. `write()` stores the records and returns the events of those it created;
 * 3. publish them (one produce call per topic run), then delete the batch document.
 *
 * A writer that dies anywhere in between leaves the batch document; once its liveness key in
 * Redis has expired, the MongoDB relay's leader hands it to the owner's OutboxBatchRecovery, which
 * rebuilds the events of the listed records that are stored and publishes them through the relay.
 * Event ids are derived from the records, so a batch published twice carries the same ids.
 */
export class MongoOutboxBatches {
  readonly holder = randomUUID();
  private open = 0;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly publisher: EventPublisher,
    private readonly redis: Redis,
    private readonly notifier: BulkQueue,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs `write` inside a batch: `keys` name the records it may store (in the owner's terms, for
   * its recovery), `meta` what the recovery needs to rebuild their events exactly.
   */
  async run<T>(
    source: string,
    keys: readonly string[],
    meta: Readonly<Record<string, string>>,
    write: () => Promise<{ result: T; events: readonly PendingEvent[] }>,
  ): Promise<T> {
    await this.alive();
    const batches = this.batches();
    const id = randomUUID();
    await batches.insertOne({
      _id: id,
      source,
      keys: keys.join('\n'),
      meta: { ...meta },
      holder: this.holder,
      openedAt: new Date(),
    });
    this.open += 1;
    try {
      let written: { result: T; events: readonly PendingEvent[] };
      try {
        written = await write();
      } catch (error) {
        await this.abandon(id);
        throw error;
      }
      try {
        await publishInRuns(this.publisher, written.events);
        await batches.deleteOne({ _id: id });
      } catch (error) {
        // Stored but not (or not surely) published: the relay's recovery publishes it from the stores.
        this.logger.warn('bulk batch stored but not published; the outbox recovery will publish it', {
          batch: id,
          source,
          error: error instanceof Error ? error.message : String(error),
        });
        await this.abandon(id);
      }
      return written.result;
    } finally {
      this.open -= 1;
    }
  }

  /**
   * Hands a batch to the relay's recovery now (queued on the bulk lane). Best effort: if this fails
   * too, the batch waits until this writer's liveness key expires and the periodic recovery finds it.
   */
  private async abandon(id: string): Promise<void> {
    try {
      await this.batches().updateOne({ _id: id }, { $set: { holder: ABANDONED } });
      await this.notifier.committed(OUTBOX_BATCHES_COLLECTION, [id], 'bulk');
    } catch {
      // left for the periodic recovery
    }
  }

  /** Keeps this writer's liveness key while batches are open (renewed every third of its life). */
  private async alive(): Promise<void> {
    if (this.renewal) return;
    await this.redis.set(writerAliveKey(this.holder), '1', 'PX', ALIVE_MS);
    this.renewal = setInterval(() => {
      if (this.open === 0) {
        clearInterval(this.renewal);
        this.renewal = undefined;
        return;
      }
      this.redis.set(writerAliveKey(this.holder), '1', 'PX', ALIVE_MS).catch(() => undefined);
    }, ALIVE_MS / 3);
    this.renewal.unref();
  }

  private batches() {
    const db = this.connection.db;
    if (!db) throw new Error('mongo is not connected');
    return db.collection<OutboxBatchDoc>(OUTBOX_BATCHES_COLLECTION);
  }
}

/** Publishes events in order, one produce call per run of consecutive events on the same topic. */
export async function publishInRuns(publisher: EventPublisher, events: readonly PendingEvent[]): Promise<void> {
  for (const run of runsByTopic(events)) {
    await publisher.publish(
      run.topic,
      run.items.map(({ envelope }) => ({
        key: envelope.aggregateId,
        value: JSON.stringify(envelope),
        headers: { 'event-type': envelope.type, 'event-id': envelope.id },
      })),
    );
  }
}

/** Consecutive items of the same topic, in order: each run is one produce call. */
export function runsByTopic<T extends { topic: string }>(items: readonly T[]): { topic: string; items: T[] }[] {
  const runs: { topic: string; items: T[] }[] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last?.topic === item.topic) last.items.push(item);
    else runs.push({ topic: item.topic, items: [item] });
  }
  return runs;
}

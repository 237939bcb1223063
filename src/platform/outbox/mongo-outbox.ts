import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import type { RedisLocks } from '../redis';
import {
  ABANDONED,
  keysOf,
  OUTBOX_BATCHES_COLLECTION,
  writerAliveKey,
  type OutboxBatchDoc,
  type OutboxBatchRecovery,
} from './mongo-outbox-batches';
import type { PendingEvent } from './pg-outbox';
import type { OutboxEntry, OutboxSource } from './ports';

/** The fields a document needs to carry its own outbox. */
export interface OutboxFields {
  pendingEvents: PendingEvent[];
  /** occurredAt of the oldest pending event; null when there is none (sparse index; recovery sweep). */
  outboxSince: Date | null;
}

/**
 * A collection whose documents carry pending events, registered by the module that owns it
 * (multi-bound on MONGO_OUTBOX_COLLECTION): the relay removes published events holding the same
 * lock that the module's writers hold on that document.
 */
export interface MongoOutboxCollection {
  readonly name: string;
  /** Runs `work` holding the lock writers hold for the aggregate (the events' partition key). */
  withWriteLock<T>(aggregateId: string, work: () => Promise<T>): Promise<T>;
}

/** Which queue a committed document goes to: live traffic is published before bulk imports. */
export type OutboxLane = 'live' | 'bulk';
const LANES: readonly OutboxLane[] = ['live', 'bulk'];
/** The Redis lists of queued document keys: `<queue>:live` and `<queue>:bulk`. */
const DEFAULT_QUEUE = 'outbox:mongo';
/** The sorted set of writes in flight (`<queue>:writing`): member `<recovery>|<key>`, score = marked at (ms). */
const writingKey = (queue: string): string => `${queue}:writing`;
/**
 * How old a write mark must be before the leader treats its writer as dead: well past the longest a
 * live writer holds the lock it writes under (10 s for a chat), with room for clock skew between hosts.
 */
const WRITE_STALE_MS = 60_000;
/** Clears a write mark only if no writer marked it again since it was read. */
const REMOVE_IF_UNCHANGED = `if redis.call('zscore', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('zrem', KEYS[1], ARGV[1]) else return 0 end`;

/**
 * Recovery for writes whose events are queued only by the writer's own Redis transaction, after a
 * store write it cannot take back (a message inserted without outbox state, docs/decisions/0060).
 * The writer marks the key before that write (`MongoOutboxNotifier.writing`, in a round trip it
 * makes anyway) and clears the mark in the transaction that queues the events (`written`). A mark
 * older than WRITE_STALE_MS belongs to a writer that died in between: the leader asks the module
 * that owns the key to queue what was left, then clears the mark. Multi-bound by that module
 * (MONGO_OUTBOX_WRITE_RECOVERY).
 */
export interface OutboxWriteRecovery {
  /** The name the writer marks its keys with. */
  readonly name: string;
  /** Queues the events of whatever a dead writer stored under this key; safe to run again. */
  recover(key: string): Promise<void>;
}

/** What the leader recovers and how often (besides once at each lead). */
export interface MongoOutboxRecoveries {
  /** Who rebuilds the events of bulk batches whose writer died (mongo-outbox-batches.ts). */
  readonly batches?: () => readonly OutboxBatchRecovery[];
  /** Who queues the events of marked writes whose writer died (OutboxWriteRecovery). */
  readonly writes?: () => readonly OutboxWriteRecovery[];
  /** How often the leader looks for both (default 30 s). */
  readonly everyMs?: number;
}

/**
 * A document whose write committed events, as a writer queues it: its key, and the events the
 * document holds after the write (its earlier unpublished ones included), so that the relay
 * publishes them without reading the document (docs/decisions/0051).
 */
export interface QueuedDocument {
  readonly id: string;
  readonly pendingEvents: readonly PendingEvent[];
  /**
   * False when the document does not hold these events (a message inserted without outbox state,
   * whose events the writer can derive again from it: docs/decisions/0060): the relay then has
   * nothing to clear in it. Default true.
   */
  readonly stored?: boolean;
}

/**
 * A queue entry: `<collection>|<id>` (the relay reads the document's events: imports, the recovery
 * sweep) or `{"c":collection,"id":id,"e":events}` (the events travel with the key; `"n":1` when
 * the document does not hold them, so there is nothing to clear).
 */
type Queued =
  | { readonly name: string; readonly id: string; readonly events?: undefined; readonly stored?: undefined }
  | { readonly name: string; readonly id: string; readonly events: readonly PendingEvent[]; readonly stored: boolean };

function entryOf(collection: string, doc: QueuedDocument): string {
  return JSON.stringify({ c: collection, id: doc.id, e: doc.pendingEvents, ...(doc.stored === false ? { n: 1 } : {}) });
}

function parseQueued(raw: string): Queued {
  if (raw.startsWith('{')) {
    const parsed = JSON.parse(raw) as { c: string; id: string; e: PendingEvent[]; n?: 1 };
    return { name: parsed.c, id: parsed.id, events: parsed.e, stored: parsed.n !== 1 };
  }
  const [name = '', id = ''] = raw.split('|');
  return { name, id };
}

/** How an entry's events reached the relay: carried and held by the document, carried only, or read by key. */
const kindOf = (doc: Queued): 'c' | 'n' | 'k' => (doc.events ? (doc.stored ? 'c' : 'n') : 'k');

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
/** The most `_id`s one `$in` read asks for (the local FerretDB pushes down lists up to 1,000). */
const IN_CHUNK = 500;
/**
 * How often the leader looks for bulk batches and marked writes whose writer died (a read of a
 * small collection and of a small sorted set).
 */
const RECOVERY_EVERY_MS = 30_000;
/** How many queued keys one `pending` call may skip (documents already published) before it returns. */
const MAX_STALE_ROUNDS = 10;
/**
 * How many published event ids the leader remembers, so that a document written twice before its
 * first entry was published does not publish its first events twice (a new leader may, once).
 */
const RECENT_EVENT_IDS = 20_000;

/**
 * MongoDB's outbox: pending events inside the documents they describe (no multi-document
 * transactions). Writers queue the key of each document that committed events (a Redis list per
 * lane) and wake the relays; the one relay holding the lease reads those documents by `_id` only,
 * publishes, and removes the published events under the document's write lock. Nothing here scans
 * a collection except the recovery sweep when a relay takes the lead, which re-queues documents
 * whose writer died between commit and queueing (docs/decisions/0032).
 */
export class MongoOutboxSource implements OutboxSource {
  readonly name = 'mongo';
  private readonly holder = randomUUID();
  private leading = false;
  /** How many keys of each lane the batch in flight took (trimmed once it is published). */
  private taken: Record<OutboxLane, number> = { live: 0, bulk: 0 };
  private lastRecovery = 0;
  /** Event ids this leader published lately, oldest first (a Set keeps insertion order). */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly collections: () => readonly MongoOutboxCollection[],
    private readonly redis: Redis,
    private readonly locks: RedisLocks,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly queue = DEFAULT_QUEUE,
    private readonly recoveries: MongoOutboxRecoveries = {},
  ) {}

  async tryLead(): Promise<boolean> {
    const leads = await this.locks.lease('outbox:mongo', this.holder, LEASE_MS);
    if (leads && !this.leading) {
      this.sweep();
      this.lastRecovery = Date.now();
    }
    this.leading = leads;
    return leads;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    if (Date.now() - this.lastRecovery >= (this.recoveries.everyMs ?? RECOVERY_EVERY_MS)) {
      this.lastRecovery = Date.now();
      this.recoverOrphans().catch((error: unknown) =>
        this.logger.warn('outbox recovery of dead writers failed; tried again later', { error }),
      );
    }
    for (let round = 0; round < MAX_STALE_ROUNDS; round += 1) {
      const raws = await this.nextKeys(limit);
      if (raws.length === 0) return [];
      const entries = await this.entriesOf(raws.map(parseQueued));
      if (entries.length > 0) return entries; // every event of the documents taken: they leave the queue together
      await this.trim(); // every document of these keys was published already
    }
    return [];
  }

  /**
   * Drops the published events from their documents, under the writers' lock, without reading a
   * document whose entry carried its events: every event such a document holds then is either
   * published now or carried by an entry queued after this one (a writer queues inside the lock,
   * with all the events the document holds), so all of them can go. A document queued by key only
   * (imports, the sweep) loses just the events that were published. A document that holds none of
   * the events its entries carried (a message stored without outbox state, 0060) is not written at
   * all. Then the batch leaves the queue.
   */
  async markPublished(entries: readonly OutboxEntry[]): Promise<void> {
    const byDoc = new Map<
      string,
      { name: string; id: string; aggregateId: string; eventIds: Set<string>; carried: boolean; holdsEvents: boolean }
    >();
    for (const entry of entries) {
      const [name = '', id = '', eventId = '', kind = ''] = entry.position.split('|');
      const key = `${name}|${id}`;
      const doc = byDoc.get(key) ?? {
        name,
        id,
        aggregateId: entry.key,
        eventIds: new Set<string>(),
        carried: false,
        holdsEvents: false,
      };
      doc.eventIds.add(eventId);
      doc.carried ||= kind === 'c';
      doc.holdsEvents ||= kind !== 'n';
      byDoc.set(key, doc);
    }
    const cleared = new Map<string, { name: string; aggregateId: string; ids: string[] }>();
    const filtered: { name: string; id: string; aggregateId: string; eventIds: Set<string> }[] = [];
    const done: Promise<unknown>[] = [];
    for (const doc of byDoc.values()) {
      if (!doc.holdsEvents) continue; // nothing to clear: it was stored without these events
      if (doc.name === OUTBOX_BATCHES_COLLECTION)
        done.push(this.batches().deleteOne({ _id: doc.id })); // a recovered batch: its events are out
      else if (doc.carried) {
        const group = cleared.get(`${doc.name}|${doc.aggregateId}`) ?? {
          name: doc.name,
          aggregateId: doc.aggregateId,
          ids: [],
        };
        group.ids.push(doc.id);
        cleared.set(`${doc.name}|${doc.aggregateId}`, group);
      } else filtered.push(doc);
    }
    for (const { name, aggregateId, ids } of cleared.values()) {
      const spec = this.collections().find((collection) => collection.name === name);
      if (!spec) continue;
      // One `_id: {$in}` write per aggregate: an index on real MongoDB, pushed down locally (0040).
      done.push(
        spec.withWriteLock(aggregateId, async () => {
          for (let start = 0; start < ids.length; start += IN_CHUNK) {
            await this.collection(name).updateMany(
              { _id: { $in: ids.slice(start, start + IN_CHUNK) } },
              { $set: { ...withPendingEvents([], []) } },
            );
          }
        }),
      );
    }
    for (const { name, id, aggregateId, eventIds } of filtered) {
      const spec = this.collections().find((collection) => collection.name === name);
      if (!spec) continue;
      const docs = this.collection(name);
      done.push(
        spec.withWriteLock(aggregateId, async () => {
          const fresh = await docs.findOne({ _id: id });
          if (!fresh) return;
          const remaining = (fresh.pendingEvents ?? []).filter((pending) => !eventIds.has(pending.envelope.id));
          await docs.updateOne({ _id: id }, { $set: { ...withPendingEvents([], remaining) } });
        }),
      );
    }
    await Promise.all(done);
    for (const entry of entries) this.remember(entry.envelope.id);
    await this.trim();
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

  /** Documents queued and not yet published (a document may carry several events). */
  async backlog(): Promise<number> {
    const lengths = await Promise.all(LANES.map((lane) => this.redis.llen(this.queueKey(lane))));
    return lengths.reduce((sum, length) => sum + length, 0);
  }

  release(): Promise<void> {
    this.leading = false;
    return this.locks.releaseLease('outbox:mongo', this.holder);
  }

  /** The next queued keys, live lane first; remembers how many it took of each. */
  private async nextKeys(limit: number): Promise<string[]> {
    const keys: string[] = [];
    for (const lane of LANES) {
      const room = limit - keys.length;
      if (room <= 0) break;
      const taken = await this.redis.lrange(this.queueKey(lane), 0, room - 1);
      this.taken[lane] = taken.length;
      keys.push(...taken);
    }
    return keys;
  }

  /**
   * The events of the queued documents in queue order, each once: carried in the entry, or read
   * from the document (entries by key; one `_id: {$in}` read per collection, 0040). Events this
   * leader published lately are left out (a document written twice before its first publish).
   */
  private async entriesOf(queued: readonly Queued[]): Promise<OutboxEntry[]> {
    const known = new Set([...this.collections().map((collection) => collection.name), OUTBOX_BATCHES_COLLECTION]);
    const usable = queued.filter((doc) => known.has(doc.name));
    const byKey = [...new Set(usable.filter((doc) => !doc.events).map((doc) => `${doc.name}|${doc.id}`))];
    const batchKeys = byKey.filter((key) => key.startsWith(`${OUTBOX_BATCHES_COLLECTION}|`));
    const [found, batches] = await Promise.all([
      this.documentsOf(byKey.filter((key) => !key.startsWith(`${OUTBOX_BATCHES_COLLECTION}|`))),
      Promise.all(batchKeys.map((key) => this.recoveredBatch(key.slice(OUTBOX_BATCHES_COLLECTION.length + 1)))),
    ]);
    batchKeys.forEach((key, index) => {
      const batch = batches[index];
      if (batch) found.set(key, batch);
    });
    const entries: OutboxEntry[] = [];
    const seen = new Set<string>();
    for (const doc of usable) {
      const events = doc.events ?? found.get(`${doc.name}|${doc.id}`)?.pendingEvents ?? [];
      for (const pending of events) {
        const eventId = pending.envelope.id;
        if (seen.has(eventId) || this.published.has(eventId)) continue;
        seen.add(eventId);
        entries.push({
          position: `${doc.name}|${doc.id}|${eventId}|${kindOf(doc)}`,
          topic: pending.topic,
          key: pending.envelope.aggregateId,
          envelope: pending.envelope,
        });
      }
    }
    return entries;
  }

  private remember(eventId: string): void {
    this.published.add(eventId);
    if (this.published.size > RECENT_EVENT_IDS) {
      const oldest = this.published.values().next().value;
      if (oldest !== undefined) this.published.delete(oldest);
    }
  }

  /**
   * The documents of `keys` (`<collection>|<id>`), one `_id: {$in}` read per collection and chunk
   * of IN_CHUNK: real MongoDB serves it from the `_id` index, the local FerretDB pushes it down to
   * its `_id` index (docs/decisions/0040), so a batch costs a query, not one per document.
   */
  private async documentsOf(keys: readonly string[]): Promise<Map<string, OutboxDoc>> {
    const idsBy = new Map<string, string[]>();
    for (const key of keys) {
      const [name = '', id = ''] = key.split('|');
      idsBy.set(name, [...(idsBy.get(name) ?? []), id]);
    }
    const reads: Promise<void>[] = [];
    const found = new Map<string, OutboxDoc>();
    for (const [name, ids] of idsBy) {
      for (let start = 0; start < ids.length; start += IN_CHUNK) {
        const chunk = ids.slice(start, start + IN_CHUNK);
        reads.push(
          (async () => {
            for (const doc of await this.collection(name)
              .find({ _id: { $in: chunk } })
              .toArray()) {
              found.set(`${name}|${doc._id}`, doc);
            }
          })(),
        );
      }
    }
    await Promise.all(reads);
    return found;
  }

  /**
   * A bulk batch whose writer is gone, as a document carrying the events its recovery rebuilt from
   * the stored records; null while its writer lives (it publishes the batch itself) or once it is gone.
   */
  private async recoveredBatch(id: string): Promise<OutboxDoc | null> {
    const batch = await this.batches().findOne({ _id: id });
    if (!batch || (await this.writerAlive(batch))) return null;
    const recovery = (this.recoveries.batches?.() ?? []).find((candidate) => candidate.name === batch.source);
    if (!recovery) {
      this.logger.warn('no recovery for an outbox batch; left for a process that has one', { batch: id });
      return null;
    }
    const pendingEvents = await recovery.eventsOf(keysOf(batch), batch.meta);
    if (pendingEvents.length === 0) await this.batches().deleteOne({ _id: id }); // none of its records was stored
    return { _id: id, pendingEvents };
  }

  private async writerAlive(batch: Pick<OutboxBatchDoc, 'holder'>): Promise<boolean> {
    return batch.holder !== ABANDONED && (await this.redis.exists(writerAliveKey(batch.holder))) === 1;
  }

  /** What writers that died left behind: their bulk batches, then their marked writes. */
  private async recoverOrphans(): Promise<void> {
    await this.recoverBatches();
    await this.recoverWrites();
  }

  /**
   * Hands every write mark older than WRITE_STALE_MS to the recovery named in it, then clears the
   * mark unless a writer marked it again meanwhile. A recovery that fails keeps its mark: tried
   * again next time.
   */
  private async recoverWrites(): Promise<void> {
    const key = writingKey(this.queue);
    const stale = await this.redis.zrangebyscore(
      key,
      '-inf',
      Date.now() - WRITE_STALE_MS,
      'WITHSCORES',
      'LIMIT',
      0,
      500,
    );
    const recoveries = this.recoveries.writes?.() ?? [];
    let recovered = 0;
    for (let index = 0; index + 1 < stale.length; index += 2) {
      const member = stale[index] as string;
      const bar = member.indexOf('|');
      const recovery = recoveries.find((candidate) => candidate.name === member.slice(0, bar));
      if (!recovery) {
        this.logger.warn('no recovery for an outbox write mark; left for a process that has one', { mark: member });
        continue;
      }
      try {
        await recovery.recover(member.slice(bar + 1));
        await this.redis.eval(REMOVE_IF_UNCHANGED, 1, key, member, stale[index + 1] as string);
        recovered += 1;
      } catch (error) {
        this.logger.warn('outbox write recovery failed; tried again later', { mark: member, error });
      }
    }
    if (recovered > 0) this.logger.info('outbox writes of a writer that is gone: recovered', { writes: recovered });
  }

  /**
   * Queues (bulk lane) every open batch whose writer is gone: a read of a small collection (one
   * document per batch in flight), at each lead and every RECOVERY_EVERY_MS.
   */
  private async recoverBatches(): Promise<void> {
    const open = await this.batches()
      .find({}, { projection: { _id: 1, holder: 1 } })
      .toArray();
    const orphans: string[] = [];
    for (const batch of open)
      if (!(await this.writerAlive(batch))) orphans.push(`${OUTBOX_BATCHES_COLLECTION}|${batch._id}`);
    if (orphans.length === 0) return;
    this.logger.info('outbox batches of a writer that is gone: publishing them from the stores', {
      batches: orphans.length,
    });
    await this.redis.rpush(this.queueKey('bulk'), ...orphans);
    await this.redis.publish(this.channel, '1');
  }

  /** Drops the keys of the last batch from the queues (they are published, or had nothing left). */
  private async trim(): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const lane of LANES) {
      if (this.taken[lane] > 0) pipeline.ltrim(this.queueKey(lane), this.taken[lane], -1);
    }
    this.taken = { live: 0, bulk: 0 };
    if (pipeline.length > 0) await pipeline.exec();
  }

  /**
   * Re-queues every document that still carries events: the one scan, when a relay takes the lead,
   * for documents whose writer died between commit and queueing. Runs beside the live queue.
   */
  private sweep(): void {
    const run = async (): Promise<void> => {
      await this.recoverOrphans();
      for (const { name } of this.collections()) {
        const cursor = this.collection(name).find({ outboxSince: { $ne: null } }, { projection: { _id: 1 } });
        let batch: string[] = [];
        for await (const doc of cursor) {
          batch.push(`${name}|${doc._id}`);
          if (batch.length === 500) {
            await this.redis.rpush(this.queueKey('bulk'), ...batch);
            batch = [];
          }
        }
        if (batch.length > 0) await this.redis.rpush(this.queueKey('bulk'), ...batch);
      }
    };
    run().catch((error: unknown) =>
      this.logger.warn('outbox recovery sweep failed; retried at the next lead', { error }),
    );
  }

  private queueKey(lane: OutboxLane): string {
    return `${this.queue}:${lane}`;
  }

  private batches() {
    const db = this.connection.db;
    if (!db) throw new Error('mongo is not connected');
    return db.collection<OutboxBatchDoc>(OUTBOX_BATCHES_COLLECTION);
  }

  private collection(name: string) {
    const db = this.connection.db;
    if (!db) throw new Error('mongo is not connected');
    return db.collection<OutboxDoc>(name);
  }
}

/**
 * What writers call after a document with new events committed: queues its key for the relay and
 * wakes the relays in every process. `enqueue` adds the same commands to a pipeline the writer
 * already sends, so it costs no extra round trip.
 */
export class MongoOutboxNotifier {
  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    private readonly queue = DEFAULT_QUEUE,
  ) {}

  enqueue(pipeline: ChainableCommander, collection: string, ids: readonly string[], lane: OutboxLane = 'live'): void {
    if (ids.length === 0) return;
    pipeline.rpush(`${this.queue}:${lane}`, ...ids.map((id) => `${collection}|${id}`));
    pipeline.publish(this.channel, '1');
  }

  /**
   * Queues documents with the events each holds after the write (all its unpublished ones), so the
   * relay publishes without reading them. Call it inside the lock the write held.
   */
  enqueueDocs(pipeline: ChainableCommander, collection: string, docs: readonly QueuedDocument[]): void {
    const carrying = docs.filter((doc) => doc.pendingEvents.length > 0);
    if (carrying.length === 0) return;
    pipeline.rpush(`${this.queue}:live`, ...carrying.map((doc) => entryOf(collection, doc)));
    pipeline.publish(this.channel, '1');
  }

  /** Queues and wakes in a round trip of its own. */
  async committed(collection: string, ids: readonly string[], lane: OutboxLane = 'live'): Promise<void> {
    const pipeline = this.redis.pipeline();
    this.enqueue(pipeline, collection, ids, lane);
    if (pipeline.length > 0) await pipeline.exec();
  }

  /**
   * Marks a write in flight whose events only the writer's later transaction queues (see
   * OutboxWriteRecovery); send it, and have it acknowledged, before the store write.
   */
  writing(pipeline: ChainableCommander, recovery: string, key: string, at = Date.now()): void {
    pipeline.zadd(writingKey(this.queue), at, `${recovery}|${key}`);
  }

  /** Clears the mark of `writing`: put it in the transaction that queues the write's events. */
  written(pipeline: ChainableCommander, recovery: string, key: string): void {
    pipeline.zrem(writingKey(this.queue), `${recovery}|${key}`);
  }

  /** `enqueueDocs` in a round trip of its own. */
  async committedDocs(collection: string, docs: readonly QueuedDocument[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    this.enqueueDocs(pipeline, collection, docs);
    if (pipeline.length > 0) await pipeline.exec();
  }
}

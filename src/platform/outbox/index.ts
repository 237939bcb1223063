export {
  MongoOutboxNotifier,
  MongoOutboxSource,
  withPendingEvents,
  type MongoOutboxCollection,
  type OutboxFields,
  type MongoOutboxRecoveries,
  type OutboxLane,
  type OutboxWriteRecovery,
  type QueuedDocument,
} from './mongo-outbox';
export { appendToPgOutbox, PgOutboxSource, type PendingEvent } from './pg-outbox';
export { appendToNeo4jOutbox, Neo4jOutboxSource, wakeNeo4jOutbox, type Neo4jOutboxOptions } from './neo4j-outbox';
export type { OutboxEntry, OutboxSource } from './ports';
export { OutboxRelay, type RelayOptions } from './relay';

/** Multi-bound: every owner store's outbox; the worker runs one relay per source. */
export const OUTBOX_SOURCE = Symbol.for('polychat.OutboxSource');

/** Wakes the MongoDB outbox relays after a write with events. */
export const MONGO_OUTBOX_NOTIFIER = Symbol.for('polychat.MongoOutboxNotifier');

/** Multi-bound by each module whose MongoDB documents carry pending events (their outbox). */
export const MONGO_OUTBOX_COLLECTION = Symbol.for('polychat.MongoOutboxCollection');
export {
  MongoOutboxBatches,
  OUTBOX_BATCHES_COLLECTION,
  publishInRuns,
  type OutboxBatchRecovery,
} from './mongo-outbox-batches';

/** The bulk writers' batch publisher (MongoOutboxBatches); bound where MongoDB, Redis and Kafka are. */
export const MONGO_OUTBOX_BATCHES = Symbol.for('polychat.MongoOutboxBatches');

/** Multi-bound by each module that writes MongoDB records in bulk batches: rebuilds a dead writer's events. */
export const MONGO_OUTBOX_BATCH_RECOVERY = Symbol.for('polychat.MongoOutboxBatchRecovery');

/** Multi-bound by each module that marks writes (MongoOutboxNotifier.writing): queues a dead writer's events. */
export const MONGO_OUTBOX_WRITE_RECOVERY = Symbol.for('polychat.MongoOutboxWriteRecovery');

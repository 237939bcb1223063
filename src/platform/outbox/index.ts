export { appendToPgOutbox, PgOutboxSource, type PendingEvent } from './pg-outbox';
export type { OutboxEntry, OutboxSource } from './ports';
export { OutboxRelay, type RelayOptions } from './relay';

/** Multi-bound: every owner store's outbox; the worker runs one relay per source. */
export const OUTBOX_SOURCE = Symbol.for('polychat.OutboxSource');

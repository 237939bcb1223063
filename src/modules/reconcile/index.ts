export { Reconcile, remainingDrift, type PairOutcome, type ReconcileOptions } from './application/reconcile';
export { Backfill, type BackfillOptions, type BackfillOutcome } from './application/backfill';
export type { PairCheck, ProjectionPair, ReconcileScope } from './application/ports';
export { driftSize, type Drift, type DriftItem } from './domain/drift';
export { BACKFILL_TARGETS, PAIR_NAMES, type BackfillTarget, type PairName } from './domain/pair-names';

import type { Drift, ExpectedState, RecordState } from '../domain/drift';
import type { BackfillTarget, PairName } from '../domain/pair-names';

/** Ids in (after, upTo]; an open end when undefined. Ids compare as strings in code-point order. */
export interface IdRange {
  readonly after?: string;
  readonly upTo?: string;
}

/**
 * An owner store's records as current-state snapshots `S`, in id order (every store sorts the ids
 * it holds the same way: UUIDs, compared bytewise). `within` narrows to the records of some users
 * or chats (what the pair is scoped by).
 */
export interface OwnerSide<S> {
  page(after: string | undefined, limit: number, within?: readonly string[]): Promise<S[]>;
  byIds(ids: readonly string[]): Promise<S[]>;
  /** How many records (to size progress): exact when scoped; the whole store's may be an estimate. */
  count(within?: readonly string[]): Promise<number>;
  /**
   * Every record once, in no particular order, `size` at a time from one cursor: what a backfill
   * reads, where paging in id order costs the store more than one pass (a store that cannot serve
   * `_id` ranges from an index re-reads itself for every page). Optional: `page` serves otherwise.
   */
  batches?(size: number, within?: readonly string[]): AsyncIterable<S[]>;
}

/**
 * A projection as reconciliation sees it: what it holds (`P`) by id range or id, and how to mend it
 * through its own version-guarded write path: `apply` takes the owner's current state (equal
 * versions overwrite), `forget` drops records the owner never had.
 */
export interface ProjectionSide<S, P> {
  range(range: IdRange, within?: readonly string[]): Promise<P[]>;
  byIds(ids: readonly string[]): Promise<P[]>;
  apply(snapshots: readonly S[]): Promise<void>;
  forget(records: readonly P[]): Promise<void>;
}

/** How a pair reads its two sides: what the owner's snapshot expects, and what a copy holds. */
export interface PairMapping<S, P> {
  idOf(snapshot: S): string;
  expected(snapshot: S): ExpectedState;
  held(record: P): RecordState;
}

/** What narrows a scoped run: a pair is keyed by users, by chats, or is global (skipped when scoped). */
export type ScopeKey = 'users' | 'chats' | 'global';

/** Which records a run looks at: everything (no lists), or those of these users and chats. */
export interface ReconcileScope {
  readonly userIds?: readonly string[];
  readonly chatIds?: readonly string[];
}

/** The outcome of checking one pair. */
export interface PairCheck {
  readonly pair: PairName;
  readonly owner: string;
  readonly projection: string;
  /** Set when the pair was not checked in this scope, with the reason. */
  readonly skipped?: string;
  /** Records the owner expects in the projection, and records the projection holds (in scope). */
  readonly ownerCount: number;
  readonly projectionCount: number;
  /** Owner records with events still in their outbox: not compared this time. */
  readonly pending: number;
  readonly drift: Drift;
  /** The scope list the check ran with (undefined: everything). */
  readonly within?: readonly string[];
}

export interface CheckOptions {
  /** Drifted records are read again after this long; only drift that is still there is reported. */
  readonly settleMs: number;
  readonly onProgress?: (records: number) => void;
}

/** One owner store and one projection of it. */
export interface ProjectionPair {
  /** Short name, e.g. users-graph. */
  readonly name: PairName;
  /** e.g. "postgres users". */
  readonly owner: string;
  /** e.g. "neo4j (:User)". */
  readonly projection: string;
  /** The backfill target it belongs to (several analytics pairs make up "analytics"). */
  readonly target: BackfillTarget;
  readonly scopedBy: ScopeKey;
  /** Records `check` will walk (for progress bars). */
  size(within?: readonly string[]): Promise<number>;
  check(within: readonly string[] | undefined, options: CheckOptions): Promise<PairCheck>;
  /** Mends the drift of `check` through the projection's write path; returns the drift still there. */
  repair(check: PairCheck): Promise<PairCheck>;
  /** Applies every owner record (in scope) to the projection; returns how many. */
  backfill(within: readonly string[] | undefined, onProgress?: (records: number) => void): Promise<number>;
}

/** Multi-bound: every pair reconcile and backfill know. */
export const PROJECTION_PAIR = Symbol.for('polychat.reconcile.ProjectionPair');

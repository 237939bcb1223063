import type { BackfillTarget, PairName } from '../domain/pair-names';
import { compareStates, driftIds, driftSize, type Drift, type DriftItem } from '../domain/drift';
import type {
  CheckOptions,
  OwnerSide,
  PairCheck,
  PairMapping,
  ProjectionPair,
  ProjectionSide,
  ScopeKey,
} from './ports';

/** Owner records per comparison chunk: the projection is read over the same id range. */
const PAGE = 500;

export interface RangePairSpec<S, P> {
  readonly name: PairName;
  readonly owner: string;
  readonly projection: string;
  readonly target: BackfillTarget;
  readonly scopedBy: ScopeKey;
  readonly ownerSide: OwnerSide<S>;
  readonly projectionSide: ProjectionSide<S, P>;
  readonly mapping: PairMapping<S, P>;
}

/**
 * A pair compared chunk by chunk: a page of owner records in id order, and the projection's records
 * in the same id range (so memory holds one chunk, whatever the store sizes). Repairs go through the
 * projection's own write path: owner snapshots for missing, stale and deleted-in-owner records,
 * `forget` for records the owner never had.
 */
export class RangePair<S, P> implements ProjectionPair {
  readonly name: PairName;
  readonly owner: string;
  readonly projection: string;
  readonly target: BackfillTarget;
  readonly scopedBy: ScopeKey;

  constructor(private readonly spec: RangePairSpec<S, P>) {
    ({ name: this.name, owner: this.owner, projection: this.projection, target: this.target } = spec);
    this.scopedBy = spec.scopedBy;
  }

  size(within?: readonly string[]): Promise<number> {
    return this.spec.ownerSide.count(within);
  }

  async check(within: readonly string[] | undefined, options: CheckOptions): Promise<PairCheck> {
    const { ownerSide, projectionSide, mapping } = this.spec;
    const found = new DriftCollector();
    let [ownerCount, projectionCount, pending] = [0, 0, 0];
    let after: string | undefined;
    for (;;) {
      const page = await ownerSide.page(after, PAGE, within);
      const upTo = page.length < PAGE ? undefined : mapping.idOf(page[page.length - 1] as S);
      const held = (await projectionSide.range({ after, upTo }, within)).map((record) => mapping.held(record));
      const expected = page.map((snapshot) => mapping.expected(snapshot));
      ownerCount += expected.filter((state) => state.fields !== null && !state.pending).length;
      pending += expected.filter((state) => state.pending).length;
      projectionCount += held.length;
      found.add(compareStates(expected, held));
      options.onProgress?.(page.length);
      if (upTo === undefined) break;
      after = upTo;
    }
    let drift = found.drift();
    if (driftSize(drift) > 0 && options.settleMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.settleMs));
      drift = await this.compareIds(driftIds(drift));
    }
    return { ...this.labels(), ownerCount, projectionCount, pending, drift, within };
  }

  async repair(check: PairCheck): Promise<PairCheck> {
    const { ownerSide, projectionSide, mapping } = this.spec;
    const ids = driftIds(check.drift);
    if (ids.length === 0) return check;
    for (let start = 0; start < ids.length; start += PAGE) {
      const chunk = ids.slice(start, start + PAGE);
      const snapshots = await ownerSide.byIds(chunk);
      await projectionSide.apply(snapshots);
      const known = new Set(snapshots.map((snapshot) => mapping.idOf(snapshot)));
      const orphans = chunk.filter((id) => !known.has(id));
      if (orphans.length > 0) await projectionSide.forget(await projectionSide.byIds(orphans));
    }
    return { ...check, drift: await this.compareIds(ids) };
  }

  async backfill(within: readonly string[] | undefined, onProgress?: (records: number) => void): Promise<number> {
    const { ownerSide, projectionSide, mapping } = this.spec;
    let applied = 0;
    if (ownerSide.batches) {
      // One pass over the owner store; the projection's apply is idempotent, so order does not matter.
      for await (const batch of ownerSide.batches(PAGE, within)) {
        if (batch.length > 0) await projectionSide.apply(batch);
        applied += batch.length;
        onProgress?.(batch.length);
      }
      return applied;
    }
    let after: string | undefined;
    for (;;) {
      const page = await ownerSide.page(after, PAGE, within);
      if (page.length > 0) await projectionSide.apply(page);
      applied += page.length;
      onProgress?.(page.length);
      if (page.length < PAGE) return applied;
      after = mapping.idOf(page[page.length - 1] as S);
    }
  }

  /** Compares just these ids again, reading both sides afresh. */
  private async compareIds(ids: readonly string[]): Promise<Drift> {
    const { ownerSide, projectionSide, mapping } = this.spec;
    const found = new DriftCollector();
    for (let start = 0; start < ids.length; start += PAGE) {
      const chunk = ids.slice(start, start + PAGE);
      const [owned, held] = await Promise.all([ownerSide.byIds(chunk), projectionSide.byIds(chunk)]);
      found.add(
        compareStates(
          owned.map((snapshot) => mapping.expected(snapshot)),
          held.map((record) => mapping.held(record)),
        ),
      );
    }
    return found.drift();
  }

  private labels(): Pick<PairCheck, 'pair' | 'owner' | 'projection'> {
    return { pair: this.name, owner: this.owner, projection: this.projection };
  }
}

/** Drift of several chunks, gathered without copying what came before. */
class DriftCollector {
  private readonly missing: DriftItem[] = [];
  private readonly extra: DriftItem[] = [];
  private readonly stale: DriftItem[] = [];

  add(drift: Drift): void {
    this.missing.push(...drift.missing);
    this.extra.push(...drift.extra);
    this.stale.push(...drift.stale);
  }

  drift(): Drift {
    return { missing: this.missing, extra: this.extra, stale: this.stale };
  }
}

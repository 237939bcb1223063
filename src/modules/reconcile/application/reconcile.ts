import { injectable, multiInject } from 'inversify';
import { driftSize } from '../domain/drift';
import { PROJECTION_PAIR, type PairCheck, type ProjectionPair, type ReconcileScope } from './ports';
import { pairsNamed, withinFor } from './scope';

export interface ReconcileOptions {
  readonly scope: ReconcileScope;
  /** Only these pairs (by name); all when undefined. */
  readonly only?: readonly string[];
  /** Mend drift through each projection's write path, then check the mended records again. */
  readonly repair: boolean;
  readonly settleMs: number;
  /** Called as each pair starts, with the records it will walk (for a progress bar). */
  readonly onPair?: (pair: ProjectionPair, records: number) => { advance(records: number): void; done(): void };
}

/** One pair's check, and what remained after a repair when one ran. */
export interface PairOutcome {
  readonly check: PairCheck;
  readonly afterRepair?: PairCheck;
}

/**
 * Compares every owner store with every projection of it (or those named, in the scope given) and,
 * with `repair`, mends the drift through the projections' own write paths.
 */
@injectable()
export class Reconcile {
  constructor(@multiInject(PROJECTION_PAIR) private readonly pairs: ProjectionPair[]) {}

  /** Every pair, in order: users, chats and messages, then analytics. */
  list(): readonly ProjectionPair[] {
    return this.pairs;
  }

  async execute(options: ReconcileOptions): Promise<PairOutcome[]> {
    const outcomes: PairOutcome[] = [];
    for (const pair of pairsNamed(this.pairs, options.only)) {
      const within = withinFor(pair, options.scope);
      if (within === 'skip') {
        outcomes.push({ check: skipped(pair, `not scoped by ${pair.scopedBy}`) });
        continue;
      }
      const progress = options.onPair?.(pair, await pair.size(within));
      const check = await pair
        .check(within, { settleMs: options.settleMs, onProgress: (n) => progress?.advance(n) })
        .finally(() => progress?.done());
      if (!options.repair || driftSize(check.drift) === 0) {
        outcomes.push({ check });
        continue;
      }
      outcomes.push({ check, afterRepair: await pair.repair(check) });
    }
    return outcomes;
  }
}

/** Drift still there at the end of a run: after the repair when one ran. */
export function remainingDrift(outcomes: readonly PairOutcome[]): number {
  return outcomes.reduce((sum, outcome) => sum + driftSize((outcome.afterRepair ?? outcome.check).drift), 0);
}

function skipped(pair: ProjectionPair, reason: string): PairCheck {
  return {
    pair: pair.name,
    owner: pair.owner,
    projection: pair.projection,
    skipped: reason,
    ownerCount: 0,
    projectionCount: 0,
    pending: 0,
    drift: { missing: [], extra: [], stale: [] },
  };
}

import { injectable, multiInject } from 'inversify';
import { AppError } from '../../../platform/errors';
import { PROJECTION_PAIR, type ProjectionPair, type ReconcileScope } from './ports';
import { withinFor } from './scope';

export interface BackfillOptions {
  readonly scope: ReconcileScope;
  readonly onPair?: (pair: ProjectionPair, records: number) => { advance(records: number): void; done(): void };
}

/** How many owner records one pair applied. */
export interface BackfillOutcome {
  readonly pair: string;
  readonly owner: string;
  readonly projection: string;
  readonly applied: number;
  readonly skipped?: string;
}

/**
 * Rebuilds a projection from its owner store: every owner record (in scope) goes through the
 * projection's version-guarded write path, so a run is idempotent and never undoes newer events.
 * Records the owner does not have are left alone (reconcile --repair removes them).
 */
@injectable()
export class Backfill {
  constructor(@multiInject(PROJECTION_PAIR) private readonly pairs: ProjectionPair[]) {}

  /** The projections a backfill can rebuild. */
  targets(): string[] {
    return [...new Set(this.pairs.map((pair) => pair.target))];
  }

  async execute(target: string, options: BackfillOptions): Promise<BackfillOutcome[]> {
    const pairs = this.pairs.filter((pair) => pair.target === target);
    if (pairs.length === 0) {
      throw new AppError(
        'BACKFILL.UNKNOWN_PROJECTION',
        `unknown projection ${target}; known: ${this.targets().join(', ')}`,
      );
    }
    const outcomes: BackfillOutcome[] = [];
    for (const pair of pairs) {
      const labels = { pair: pair.name, owner: pair.owner, projection: pair.projection };
      // A global aggregate is recounted from its own projection, which is right whatever the scope.
      const within = pair.scopedBy === 'global' ? undefined : withinFor(pair, options.scope);
      if (within === 'skip') {
        outcomes.push({ ...labels, applied: 0, skipped: `not scoped by ${pair.scopedBy}` });
        continue;
      }
      const progress = options.onPair?.(pair, await pair.size(within));
      const applied = await pair.backfill(within, (n) => progress?.advance(n)).finally(() => progress?.done());
      outcomes.push({ ...labels, applied });
    }
    return outcomes;
  }
}

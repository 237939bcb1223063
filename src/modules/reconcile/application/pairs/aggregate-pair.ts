import type { AggregateChecks, AggregateDrift, AggregateKind } from '../../../analytics';
import type { Drift, DriftItem } from '../../domain/drift';
import type { PairName } from '../../domain/pair-names';
import type { CheckOptions, PairCheck, ProjectionPair, ScopeKey } from '../ports';

const SPECS: Record<AggregateKind, { projection: string; scopedBy: ScopeKey }> = {
  'chat-days': { projection: 'postgres message_counts_daily', scopedBy: 'chats' },
  'active-users': { projection: 'postgres analytics_active_users_daily/_monthly', scopedBy: 'users' },
  counters: { projection: 'postgres analytics_counters', scopedBy: 'global' },
};

/**
 * An analytics aggregate checked against the facts it is counted from (which the other analytics
 * pairs check against the owner stores), all in SQL; a repair recounts the drifted rows from the facts.
 */
export class AggregatePair implements ProjectionPair {
  readonly name: PairName;
  readonly owner = 'postgres analytics facts';
  readonly projection: string;
  readonly target = 'analytics' as const;
  readonly scopedBy: ScopeKey;

  constructor(
    private readonly kind: AggregateKind,
    private readonly checks: AggregateChecks,
  ) {
    this.name = `analytics-${kind}` satisfies PairName;
    ({ projection: this.projection, scopedBy: this.scopedBy } = SPECS[kind]);
  }

  size(): Promise<number> {
    return Promise.resolve(0);
  }

  async check(within: readonly string[] | undefined, options: CheckOptions): Promise<PairCheck> {
    let result = await this.checks.check(this.kind, within);
    if (result.drift.length > 0 && options.settleMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.settleMs));
      result = await this.checks.check(this.kind, within);
    }
    return {
      pair: this.name,
      owner: this.owner,
      projection: this.projection,
      ownerCount: result.expected,
      projectionCount: result.held,
      pending: 0,
      drift: toDrift(result.drift),
      within,
    };
  }

  async repair(check: PairCheck): Promise<PairCheck> {
    const keys = [...check.drift.missing, ...check.drift.extra, ...check.drift.stale].map((item) => item.id);
    if (keys.length === 0) return check;
    await this.checks.rebuild(this.kind, keys, check.within);
    return this.check(check.within, { settleMs: 0 });
  }

  backfill(within: readonly string[] | undefined): Promise<number> {
    return this.checks.rebuild(this.kind, undefined, within);
  }
}

function toDrift(rows: readonly AggregateDrift[]): Drift {
  const item = (row: AggregateDrift): DriftItem => ({
    id: row.key,
    ownerVersion: null,
    projectionVersion: null,
    fields: ['count'],
    detail: `facts ${row.expected ?? 0}, stored ${row.held ?? 0}`,
  });
  return {
    missing: rows.filter((row) => row.held === null).map(item),
    extra: rows.filter((row) => row.expected === null).map(item),
    stale: rows.filter((row) => row.expected !== null && row.held !== null).map(item),
  };
}

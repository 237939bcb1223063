import { inject, injectable } from 'inversify';
import { CONFIG, type Config } from '../../../config';
import type { GraphStatistics } from '../domain/reports';
import { GRAPH_REPORTS, type ComponentsPass, type GraphReports } from './ports';

/**
 * Users, friendships and the mean degree (exact, from counters the stream handlers keep) and the
 * largest connected component (from the last pass over the projection; a new pass runs when the
 * graph changed and the last one is older than ANALYTICS_GRAPH_STALENESS_MS). Concurrent requests
 * in one process share a pass.
 */
@injectable()
export class ComputeGraphStatistics {
  private readonly stalenessMs: number;
  private running: Promise<ComponentsPass> | undefined;

  constructor(
    @inject(GRAPH_REPORTS) private readonly graph: GraphReports,
    @inject(CONFIG) config: Config,
  ) {
    this.stalenessMs = config.ANALYTICS_GRAPH_STALENESS_MS;
  }

  async execute(): Promise<GraphStatistics> {
    const totals = await this.graph.totals();
    let pass = await this.graph.lastComponents();
    const age = pass ? Date.now() - Date.parse(pass.computedAt) : Infinity;
    if (!pass || (pass.graphChanges !== totals.graphChanges && age >= this.stalenessMs)) pass = await this.newPass();
    return {
      users: totals.users,
      friendships: totals.friendships,
      averageDegree: totals.users === 0 ? 0 : round((2 * totals.friendships) / totals.users),
      largestComponent: {
        size: pass.largest,
        components: pass.components,
        computedAt: pass.computedAt,
        current: pass.graphChanges === totals.graphChanges,
      },
    };
  }

  /** Runs a pass now (backfill, or a stale one here); joins one already running in this process. */
  newPass(): Promise<ComponentsPass> {
    this.running ??= this.graph.computeComponents().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

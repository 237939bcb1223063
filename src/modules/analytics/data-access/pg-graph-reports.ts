import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { PG_POOL } from '../../../platform/postgres';
import type { ComponentsPass, GraphReports } from '../application/ports';
import { ConnectedComponents } from '../domain/graph-components';

const PAGE = 10_000;

interface PassRow {
  computed_at: Date;
  graph_changes: string;
  users: string;
  components: string;
  largest: string;
}

/** Counters and connected components of the friend pairs projection. */
@injectable()
export class PgGraphReports implements GraphReports {
  constructor(@inject(PG_POOL) private readonly pool: pg.Pool) {}

  async totals(): Promise<{ users: number; friendships: number; graphChanges: number }> {
    const { rows } = await this.pool.query<{ users: string; friendships: string; graph_changes: string }>(
      'SELECT users, friendships, graph_changes FROM analytics_counters WHERE id = 1',
    );
    const row = rows[0];
    return {
      users: Number(row?.users ?? 0),
      friendships: Number(row?.friendships ?? 0),
      graphChanges: Number(row?.graph_changes ?? 0),
    };
  }

  async lastComponents(): Promise<ComponentsPass | undefined> {
    const { rows } = await this.pool.query<PassRow>('SELECT * FROM analytics_graph_components WHERE id = 1');
    return rows[0] && toPass(rows[0]);
  }

  /**
   * Reads the live friendships in keyset pages (memory: one integer per user, not per edge) and
   * keeps the result. Users without friends are components of one.
   */
  async computeComponents(): Promise<ComponentsPass> {
    const { graphChanges, users } = await this.totals();
    const components = new ConnectedComponents();
    let after: { lo: string; hi: string } | undefined;
    for (;;) {
      const { rows } = await this.pool.query<{ lo: string; hi: string }>(
        `SELECT lo, hi FROM analytics_friend_pairs
         WHERE friends AND ($1::uuid IS NULL OR (lo, hi) > ($1::uuid, $2::uuid)) ORDER BY lo, hi LIMIT $3`,
        [after?.lo ?? null, after?.hi ?? null, PAGE],
      );
      for (const row of rows) components.addEdge(row.lo, row.hi);
      after = rows.at(-1);
      if (rows.length < PAGE) break;
    }
    const summary = components.summary(Math.max(users, components.nodes));
    const { rows } = await this.pool.query<PassRow>(
      `INSERT INTO analytics_graph_components (id, computed_at, graph_changes, users, components, largest)
       VALUES (1, now(), $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET computed_at = now(), graph_changes = $1, users = $2, components = $3, largest = $4
       RETURNING *`,
      [graphChanges, users, summary.components, summary.largest],
    );
    return toPass(rows[0] as PassRow);
  }
}

const toPass = (row: PassRow): ComponentsPass => ({
  computedAt: row.computed_at.toISOString(),
  graphChanges: Number(row.graph_changes),
  users: Number(row.users),
  components: Number(row.components),
  largest: Number(row.largest),
});

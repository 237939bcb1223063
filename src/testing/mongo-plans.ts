import type { mongo } from 'mongoose';

/**
 * Query plans of the MongoDB-protocol server, for asserting that a hot query is served from an
 * index (docs/decisions/0021-ferretdb-id-pushdown-index.md).
 *
 * Locally the server is FerretDB 1.24 on SQLite: its `explain` answers with SQLite's
 * `EXPLAIN QUERY PLAN` lines (`SEARCH <table> USING INDEX ...` or `SCAN <table>`) and says whether
 * the filter was pushed down to SQL at all. Real MongoDB answers with a `winningPlan` tree
 * (`IXSCAN`, `IDHACK`, `EXPRESS_*` or `COLLSCAN`); both are understood.
 */

/** What `explain` said about one find. */
export interface QueryPlan {
  /** `<database>.<collection>`. */
  readonly namespace: string;
  readonly filter: mongo.Document;
  /** One line per plan step, e.g. `SEARCH messages_1a2b3c4d USING INDEX ... (<expr>=?)`. */
  readonly steps: readonly string[];
  /** FerretDB only: false when the filter was evaluated in Go over every document. */
  readonly filterPushdown?: boolean;
  /** True when the plan looks rows up through an index and never scans the collection. */
  readonly indexed: boolean;
}

/** Optional parts of the find being explained (they change what the server can push down). */
export interface FindShape {
  readonly sort?: mongo.Document;
  readonly limit?: number;
}

/** Thrown when a query that must be an index lookup scans its collection; names the collection and shows the plan. */
export class CollectionScanError extends Error {
  override name = 'CollectionScanError';
  constructor(readonly plan: QueryPlan) {
    super(
      `collection ${plan.namespace} is scanned, not searched through an index, by find ${JSON.stringify(plan.filter)}` +
        `${plan.filterPushdown === false ? ' (filter not pushed down)' : ''}; plan:\n` +
        (plan.steps.length > 0 ? plan.steps.map((step) => `  ${step}`).join('\n') : '  (empty: no such collection?)'),
    );
  }
}

/**
 * Runs the find, then `explain` on it, and returns the plan, flagged `indexed` or not.
 *
 * The find runs first because an SQLite connection plans `EXPLAIN` with the schema it last loaded,
 * and only a real statement makes it notice an index created since by another connection (real
 * queries always re-plan). FerretDB hands the explain the connection the find just used.
 */
export async function explainFind(
  db: mongo.Db,
  collection: string,
  filter: mongo.Document,
  shape: FindShape = {},
): Promise<QueryPlan> {
  const find: mongo.Document = { find: collection, filter };
  if (shape.sort) find['sort'] = shape.sort;
  if (shape.limit !== undefined) find['limit'] = shape.limit;
  await db.command({ ...find, limit: 1, singleBatch: true });
  const reply = await db.command({ explain: find, verbosity: 'queryPlanner' });
  const namespace = `${db.databaseName}.${collection}`;
  const planner: unknown = reply['queryPlanner'];
  const sqlitePlan: unknown = isDocument(planner) ? planner['Plan'] : undefined;
  if (Array.isArray(sqlitePlan) || typeof reply['filterPushdown'] === 'boolean') {
    const steps = Array.isArray(sqlitePlan) ? sqlitePlan.map((line) => String(line).replace(/^.*detail=/, '')) : [];
    const filterPushdown = reply['filterPushdown'] === true;
    return { namespace, filter, steps, filterPushdown, indexed: filterPushdown && sqliteIndexed(steps) };
  }
  const stages = isDocument(planner) ? mongoStages(planner['winningPlan']) : [];
  return { namespace, filter, steps: stages, indexed: mongoIndexed(stages) };
}

/**
 * Asserts that a find is served by an index search; throws a CollectionScanError naming the
 * collection and the plan when the server would scan instead. Returns the plan.
 */
export async function assertIndexedLookup(
  db: mongo.Db,
  collection: string,
  filter: mongo.Document,
  shape: FindShape = {},
): Promise<QueryPlan> {
  const plan = await explainFind(db, collection, filter, shape);
  if (!plan.indexed) throw new CollectionScanError(plan);
  return plan;
}

/** SQLite: some step searches through an index or the rowid, and no step scans a table or index. */
function sqliteIndexed(steps: readonly string[]): boolean {
  const searches = steps.some((step) => /^SEARCH \S+ USING (?:(?:COVERING )?INDEX|INTEGER PRIMARY KEY)\b/.test(step));
  return searches && !steps.some((step) => /^SCAN\b/.test(step));
}

/** MongoDB: the stage names of a winningPlan tree, depth first. */
function mongoStages(node: unknown): string[] {
  if (!isDocument(node)) return [];
  const own = typeof node['stage'] === 'string' ? [node['stage']] : [];
  const inputStages: unknown = node['inputStages'];
  const children: unknown[] = [node['inputStage'], ...(Array.isArray(inputStages) ? (inputStages as unknown[]) : [])];
  return [...own, ...children.flatMap(mongoStages)];
}

function mongoIndexed(stages: readonly string[]): boolean {
  const lookup = stages.some((stage) => stage === 'IXSCAN' || stage === 'IDHACK' || stage.startsWith('EXPRESS_'));
  return lookup && !stages.includes('COLLSCAN');
}

function isDocument(value: unknown): value is mongo.Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

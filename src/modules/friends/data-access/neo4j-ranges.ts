import type { IdRange } from '../application/reconciliation-ports';

/**
 * The WHERE clause (fixed fragments only; values stay parameters) selecting `variable.id` in a range
 * and, optionally, in a list: built per call so Neo4j can use the id index for the range.
 */
export function idFilter(
  variable: string,
  range: IdRange,
  within: readonly string[] | undefined,
): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  if (range.after !== undefined) clauses.push(`${variable}.id > $after`);
  if (range.upTo !== undefined) clauses.push(`${variable}.id <= $upTo`);
  if (within !== undefined) clauses.push(`${variable}.id IN $within`);
  return {
    where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '',
    params: { after: range.after ?? null, upTo: range.upTo ?? null, within: within ? [...within] : null },
  };
}

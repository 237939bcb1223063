import { createHash } from 'node:crypto';

/** A compared field's value. */
export type FieldValue = string | number | boolean | null;

/** What a projection holds of one record: the compared fields, and its version if it keeps one. */
export interface RecordState {
  readonly id: string;
  readonly version: number | null;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/**
 * What the owner store says one record should look like in the projection: its fields, or null
 * when the projection must not hold it (a deleted account). `pending` records still have events on
 * their way through the outbox; they are not compared yet.
 */
export interface ExpectedState {
  readonly id: string;
  readonly version: number | null;
  readonly fields: Readonly<Record<string, FieldValue>> | null;
  readonly pending?: boolean;
}

/** One drifted record, with the versions on each side and the fields that differ. */
export interface DriftItem {
  readonly id: string;
  readonly ownerVersion: number | null;
  readonly projectionVersion: number | null;
  readonly fields: readonly string[];
  /** For people: what differs, e.g. "facts 3, stored 2". */
  readonly detail?: string;
}

/**
 * Drift of a projection from its owner: `missing` records the projection lacks, `extra` ones it
 * should not hold (no owner record, or a deleted one), `stale` ones whose content differs.
 */
export interface Drift {
  readonly missing: readonly DriftItem[];
  readonly extra: readonly DriftItem[];
  readonly stale: readonly DriftItem[];
}

export const NO_DRIFT: Drift = { missing: [], extra: [], stale: [] };

/** A short, stable checksum of a record's compared fields (key order does not matter). */
export function checksum(fields: Readonly<Record<string, FieldValue>>): string {
  const canonical = JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((key) => [key, fields[key] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/**
 * Compares what the owner expects with what the projection holds, for the same set of ids (pending
 * owner records and their projection copies are left out). Content is compared by checksum; a
 * version difference alone is not drift (projections skip events they do not need).
 */
export function compareStates(expected: readonly ExpectedState[], held: readonly RecordState[]): Drift {
  const byId = new Map(held.map((record) => [record.id, record]));
  const seen = new Set<string>();
  const missing: DriftItem[] = [];
  const extra: DriftItem[] = [];
  const stale: DriftItem[] = [];
  for (const owner of expected) {
    seen.add(owner.id);
    if (owner.pending) continue;
    const copy = byId.get(owner.id);
    const item = (fields: readonly string[]): DriftItem => ({
      id: owner.id,
      ownerVersion: owner.version,
      projectionVersion: copy?.version ?? null,
      fields,
    });
    if (owner.fields === null) {
      if (copy) extra.push(item([]));
    } else if (!copy) {
      missing.push(item([]));
    } else if (checksum(owner.fields) !== checksum(copy.fields)) {
      stale.push(item(differingFields(owner.fields, copy.fields)));
    }
  }
  for (const copy of held) {
    if (!seen.has(copy.id))
      extra.push({ id: copy.id, ownerVersion: null, projectionVersion: copy.version, fields: [] });
  }
  return { missing, extra, stale };
}

/** Every drifted id. */
export function driftIds(drift: Drift): string[] {
  return [...drift.missing, ...drift.extra, ...drift.stale].map((item) => item.id);
}

export function driftSize(drift: Drift): number {
  return drift.missing.length + drift.extra.length + drift.stale.length;
}

function differingFields(a: Readonly<Record<string, FieldValue>>, b: Readonly<Record<string, FieldValue>>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((key) => (a[key] ?? null) !== (b[key] ?? null));
}

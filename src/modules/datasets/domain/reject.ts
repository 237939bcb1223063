import type { Entity } from './records';

/**
 * Why a record was not imported:
 * - invalid_json: the line is not a JSON object;
 * - invalid_record: a field is missing or invalid (`field` names it);
 * - duplicate: an earlier line of the file has the same id or unique key (`field`);
 * - unknown_reference: it names a user, chat or message the dataset does not have (or that was rejected);
 * - conflict: the store already holds another record with that unique key (username, direct pair, seq);
 * - refused: a rule of the domain forbids it (a friendship across a block).
 */
export type RejectReason =
  'invalid_json' | 'invalid_record' | 'duplicate' | 'unknown_reference' | 'conflict' | 'refused';

/** One rejected line, as written to `<rejects>/<entity>.rejects.jsonl`. */
export interface Reject {
  readonly entity: Entity;
  /** 1-based line number in the entity's file. */
  readonly line: number;
  readonly reason: RejectReason;
  /** The field at fault, as a path (`members.2.userId`), when there is one. */
  readonly field?: string;
  readonly message: string;
  /** The record's id when it could be read. */
  readonly id?: string;
  /** The line as it was (cut at 2,000 characters). */
  readonly raw: string;
}

const RAW_LIMIT = 2000;

/** Builds a reject for `raw` at `line`. */
export function rejectOf(
  entity: Entity,
  line: number,
  raw: string,
  reason: RejectReason,
  message: string,
  extra: { field?: string; id?: string } = {},
): Reject {
  return {
    entity,
    line,
    reason,
    ...(extra.field !== undefined ? { field: extra.field } : {}),
    message,
    ...(extra.id !== undefined ? { id: extra.id } : {}),
    raw: raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}…` : raw,
  };
}

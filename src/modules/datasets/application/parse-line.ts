import type { z } from 'zod';
import { rejectOf, type Reject } from '../domain/reject';
import type { Entity } from '../domain/records';
import { recordSchemas, type RecordOf } from './records';

/** A line of an entity file, read: its record, a reject saying why not, or nothing (a blank line). */
export type ParsedLine<E extends Entity> =
  | { readonly kind: 'record'; readonly record: RecordOf[E] }
  | { readonly kind: 'reject'; readonly reject: Reject }
  | { readonly kind: 'blank' };

/** Parses and validates one line (JSON, then the entity's schema); never throws. */
export function parseLine<E extends Entity>(entity: E, raw: string, line: number): ParsedLine<E> {
  if (raw.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'not JSON';
    return { kind: 'reject', reject: rejectOf(entity, line, raw, 'invalid_json', message) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'reject', reject: rejectOf(entity, line, raw, 'invalid_json', 'not a JSON object') };
  }
  const result = (recordSchemas[entity] as z.ZodType<RecordOf[E]>).safeParse(value);
  if (result.success) return { kind: 'record', record: result.data };
  const issue = result.error.issues[0];
  const rawId = (value as { id?: unknown }).id;
  return {
    kind: 'reject',
    reject: rejectOf(entity, line, raw, 'invalid_record', issue?.message ?? 'invalid', {
      field: issue && issue.path.length > 0 ? issue.path.join('.') : '(record)',
      ...(typeof rawId === 'string' ? { id: rawId } : {}),
    }),
  };
}

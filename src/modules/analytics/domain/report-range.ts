import { z } from 'zod';
import { isoDate } from '../../../platform/validation';
import type { Day } from './daily-counts';

/** The longest range a report covers: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 24 * 60 * 60 * 1000;
const day = isoDate({
  error: (issue) => (issue.input === undefined ? 'required (a day as YYYY-MM-DD)' : 'a day as YYYY-MM-DD'),
});

/** Whole days from `from` to `to` (0 when equal); both are valid YYYY-MM-DD days. */
export function daysApart(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The `from`/`to` fields of every dated report: UTC days, both inclusive. */
export const reportRangeFields = { from: day, to: day };

/**
 * Adds the range rules to a query schema with `from`/`to`: from not after to, and at most
 * MAX_RANGE_DAYS days. A bad range is a validation error naming the field at fault.
 */
export function withRangeRules<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  // Only a range of two valid days is checked; a bad day already has its own issue.
  const valid = (range: { from: string; to: string }) =>
    day.safeParse(range.from).success && day.safeParse(range.to).success;
  return schema
    .refine((range) => !valid(range) || range.from <= range.to, { message: 'must not be after to', path: ['from'] })
    .refine((range) => !valid(range) || range.from > range.to || daysApart(range.from, range.to) < MAX_RANGE_DAYS, {
      message: `the range covers at most ${MAX_RANGE_DAYS} days`,
      path: ['to'],
    });
}

/** The query of a dated report, validated. */
export const reportRangeQuery = withRangeRules(z.object(reportRangeFields));

/** An inclusive range of UTC days, already validated. */
export type ReportRange = z.infer<typeof reportRangeQuery>;

/** Every day of the range, in order. */
export function daysOf(range: ReportRange): Day[] {
  const start = Date.parse(`${range.from}T00:00:00Z`);
  return Array.from({ length: daysApart(range.from, range.to) + 1 }, (_, i) =>
    new Date(start + i * DAY_MS).toISOString().slice(0, 10),
  );
}

/** A calendar month, `YYYY-MM`. */
export type Month = string;

/** The calendar month a day falls in. */
export const monthOf = (value: Day): Month => value.slice(0, 7);

/** Every calendar month the range touches, in order. */
export function monthsOf(range: ReportRange): Month[] {
  return [...new Set(daysOf(range).map(monthOf))];
}

import { z } from 'zod';

/** A calendar day in UTC, `YYYY-MM-DD`. */
export type Day = string;

/** How many messages were sent in one chat on one UTC day. */
export interface DailyMessageCount {
  readonly chatId: string;
  readonly day: Day;
  readonly count: number;
}

/** The UTC day an instant (ISO 8601, any offset) falls on: analytics days are UTC days. */
export function utcDayOf(instant: string): Day {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new Error(`not an instant: ${instant}`);
  return new Date(time).toISOString().slice(0, 10);
}

/** An inclusive range of days, optionally narrowed to one chat. */
export const dayRangeSchema = z
  .object({
    from: z.iso.date('a day as YYYY-MM-DD'),
    to: z.iso.date('a day as YYYY-MM-DD'),
    chatId: z.uuid('not a chat id').optional(),
  })
  .refine((range) => range.from <= range.to, { message: 'must not be after to', path: ['from'] });

export type DayRange = z.infer<typeof dayRangeSchema>;

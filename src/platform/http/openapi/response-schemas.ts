import { z } from 'zod';

/** A timestamp as the API writes it: ISO 8601 with Z or an offset, any sub-second precision. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** One page of a cursor listing: `nextCursor` is null on the last page. */
export function cursorPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

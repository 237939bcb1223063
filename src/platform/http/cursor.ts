import { z } from 'zod';

/**
 * An opaque keyset cursor: `value` as base64url JSON. The query schema decodes and checks it, so a
 * forged or foreign cursor is a 422 naming `cursor`, never a query with junk in it.
 */
export function opaqueCursor<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .max(256)
    .transform((value, ctx): z.output<S> => {
      try {
        return schema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a cursor from this API' });
        return z.NEVER;
      }
    });
}

/** The cursor `opaqueCursor` reads back. */
export const encodeOpaqueCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The common keyset position: a timestamp and an id to break ties. */
export const timeAndIdCursor = z.object({ at: z.iso.datetime(), id: z.string().max(64) });

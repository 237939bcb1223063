import { z } from 'zod';
import { isoDateTime } from '../validation';

/** The alphabet of a cursor as the API hands it out (base64url, no padding). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * A `cursor` query field as documented: base64url text of at most `max` characters, described as
 * opaque. Anything the server did not hand out is a 422 VALIDATION.FAILED naming `cursor` (the
 * decoding schema adds that check); JSON Schema cannot say "a value this server made", so the
 * document says it in words (docs/decisions/0027).
 */
export const cursorText = (max: number): z.ZodString =>
  z.string().max(max).regex(CURSOR_PATTERN, 'not a cursor from this API').meta({
    description:
      'Opaque: the nextCursor of the previous page, passed back unchanged. Any other value is a 422 VALIDATION.FAILED naming cursor.',
  });

/**
 * An opaque keyset cursor: `value` as base64url JSON. The query schema decodes and checks it, so a
 * forged or foreign cursor is a 422 naming `cursor`, never a query with junk in it.
 */
export function opaqueCursor<S extends z.ZodType>(schema: S) {
  return cursorText(256).transform((value, ctx): z.output<S> => {
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

/** The common keyset position: a timestamp (never year 0000, which PostgreSQL refuses) and an id to break ties. */
export const timeAndIdCursor = z.object({ at: isoDateTime(), id: z.string().max(64) });

import { z } from 'zod';
import { cursorText, timestampSchema } from '../../../platform/http';
import { trimmedSingleLineText } from '../../../platform/validation';
import { decodeCursor, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX, SEARCH_TEXT_MAX } from '../domain/search';

/** GET /v1/search/messages (zod: a 422 naming the field). */
export const messagesQuery = z.object({
  q: trimmedSingleLineText(SEARCH_TEXT_MAX, 'give the text to search for'),
  chatId: z.uuid('not a chat id').optional(),
  cursor: cursorText(256)
    .transform((opaque, ctx) => {
      const cursor = decodeCursor(opaque);
      if (cursor) return cursor;
      ctx.addIssue({ code: 'custom', message: 'not a cursor from this endpoint' });
      return z.NEVER;
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
});

/** One page of hits, newest first. */
export const searchPageJson = z.object({
  items: z.array(
    z
      .object({
        messageId: z.uuid(),
        chatId: z.uuid(),
        seq: z.number().int(),
        senderId: z.uuid(),
        body: z.string(),
        sentAt: timestampSchema,
        editedAt: timestampSchema.nullable(),
      })
      .meta({ id: 'SearchHit' }),
  ),
  nextCursor: z.string().nullable(),
});

import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  requireAuth,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { SearchMessages } from '../application/search-messages';
import { decodeCursor, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX, SEARCH_TEXT_MAX } from '../domain/search';

const messagesQuery = z.object({
  q: z
    .string('give the text to search for')
    .trim()
    .min(1, 'give the text to search for')
    .max(SEARCH_TEXT_MAX, `at most ${SEARCH_TEXT_MAX} characters`),
  chatId: z.uuid('not a chat id').optional(),
  cursor: z
    .string()
    .max(256)
    .transform((opaque, ctx) => {
      const cursor = decodeCursor(opaque);
      if (cursor) return cursor;
      ctx.addIssue({ code: 'custom', message: 'not a cursor from this endpoint' });
      return z.NEVER;
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
});

/** /v1/search: full-text search over the caller's own chats. */
@injectable()
export class SearchRouter implements HttpRoute {
  readonly path = '/v1/search';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(SearchMessages) search: SearchMessages,
  ) {
    this.router.use(requireAuth(verifier));
    this.router.get('/messages', async (req, res) => {
      const query = messagesQuery.parse(req.query);
      res.json(
        await search.execute(principalOf(res).userId, {
          text: query.q,
          chatId: query.chatId,
          cursor: query.cursor,
          limit: query.limit,
        }),
      );
    });
  }
}

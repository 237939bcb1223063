import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { SearchMessages } from '../application/search-messages';
import { messagesQuery, searchPageJson } from './http-schemas';

/** /v1/search: full-text search over the caller's own chats. */
@injectable()
export class SearchRouter implements HttpRoute {
  readonly path = '/v1/search';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(SearchMessages) search: SearchMessages,
  ) {
    this.routes = new RouteTable({ tag: 'Search', verifier }).get(
      '/messages',
      {
        summary: 'Full-text search over the messages of the caller’s chats',
        description: 'With chatId, one chat the caller belongs to (another answers CHAT.NOT_FOUND).',
        query: messagesQuery,
        responses: { 200: { description: 'A page of hits, newest first.', schema: searchPageJson } },
        errors: ['CHAT.NOT_FOUND'],
      },
      async ({ query }, _req, res) => {
        res.json(
          await search.execute(principalOf(res).userId, {
            text: query.q,
            chatId: query.chatId,
            cursor: query.cursor,
            limit: query.limit,
          }),
        );
      },
    );
  }
}

import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { FindFriendPath } from '../application/find-friend-path';
import { ListFriends } from '../application/list-friends';
import { ListMutualFriends } from '../application/list-mutual-friends';
import { RemoveFriend } from '../application/remove-friend';
import { SuggestFriends } from '../application/suggest-friends';
import { friendPageJson, pathJson, suggestionsJson, userSummaryPageJson } from './http-responses';
import { eventMeta, FriendSchemas as S } from './http-schemas';

/** /v1/friends: the caller's friends, unfriend, mutual friends, suggestions, degrees of separation. */
@injectable()
export class FriendsRouter implements HttpRoute {
  readonly path = '/v1/friends';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(ListFriends) list: ListFriends,
    @inject(RemoveFriend) remove: RemoveFriend,
    @inject(ListMutualFriends) mutual: ListMutualFriends,
    @inject(SuggestFriends) suggest: SuggestFriends,
    @inject(FindFriendPath) findPath: FindFriendPath,
  ) {
    this.routes = new RouteTable({ tag: 'Friends', verifier })
      .get(
        '/',
        {
          summary: 'The caller’s friends, with profiles',
          query: S.page,
          responses: { 200: { description: 'A page of friends.', schema: friendPageJson } },
        },
        async ({ query }, _req, res) => {
          res.json(await list.execute(principalOf(res).userId, query.cursor, query.limit));
        },
      )
      .get(
        '/suggestions',
        {
          summary: 'People the caller may know: friends of friends, ranked',
          description:
            'Ranked by the promoted link-prediction model (`polychat ml promote links vN`) when there is one, else by mutual friends + 0.5 x shared group chats; `ranker` says which. The reasons (mutual friends, shared group chats) are given either way.',
          query: S.suggestionsQuery,
          responses: { 200: { description: 'Suggestions, best first.', schema: suggestionsJson } },
        },
        async ({ query }, _req, res) => {
          res.json(await suggest.execute(principalOf(res).userId, query.limit));
        },
      )
      .get(
        '/path/:userId',
        {
          summary: 'Degrees of separation: a shortest chain of friends to a user',
          params: S.userParam,
          query: S.pathQuery,
          responses: { 200: { description: 'The chain, or null beyond maxDepth.', schema: pathJson } },
          errors: ['USER.NOT_FOUND'],
        },
        async ({ params, query }, _req, res) => {
          const path = await findPath.execute(principalOf(res).userId, params.userId, query.maxDepth);
          res.json({ path, degrees: path ? path.length - 1 : null });
        },
      )
      .get(
        '/:userId/mutual',
        {
          summary: 'Friends the caller and a user share',
          params: S.userParam,
          query: S.page,
          responses: { 200: { description: 'A page of mutual friends.', schema: userSummaryPageJson } },
          errors: ['USER.NOT_FOUND'],
        },
        async ({ params, query }, _req, res) => {
          res.json(await mutual.execute(principalOf(res).userId, params.userId, query.cursor, query.limit));
        },
      )
      .delete(
        '/:userId',
        {
          summary: 'Unfriend a user',
          params: S.userParam,
          responses: { 204: { description: 'No longer friends.' } },
          errors: ['FRIENDSHIP.NOT_FOUND'],
        },
        async ({ params }, _req, res) => {
          const { userId } = principalOf(res);
          await remove.execute(userId, params.userId, eventMeta(userId));
          res.status(204).end();
        },
      );
  }
}

import { Router } from 'express';
import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  requireAuth,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { FindFriendPath } from '../application/find-friend-path';
import { ListFriends } from '../application/list-friends';
import { ListMutualFriends } from '../application/list-mutual-friends';
import { RemoveFriend } from '../application/remove-friend';
import { SuggestFriends } from '../application/suggest-friends';
import { eventMeta, FriendSchemas as S } from './http-schemas';

/** /v1/friends: the caller's friends, unfriend, mutual friends, suggestions, degrees of separation. */
@injectable()
export class FriendsRouter implements HttpRoute {
  readonly path = '/v1/friends';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(ListFriends) list: ListFriends,
    @inject(RemoveFriend) remove: RemoveFriend,
    @inject(ListMutualFriends) mutual: ListMutualFriends,
    @inject(SuggestFriends) suggest: SuggestFriends,
    @inject(FindFriendPath) findPath: FindFriendPath,
  ) {
    this.router.use(requireAuth(verifier));
    this.router.get('/', async (req, res) => {
      const query = S.page.parse(req.query);
      res.json(await list.execute(principalOf(res).userId, query.cursor, query.limit));
    });
    this.router.get('/suggestions', async (req, res) => {
      const { limit } = S.suggestionsQuery.parse(req.query);
      res.json({ items: await suggest.execute(principalOf(res).userId, limit) });
    });
    this.router.get('/path/:userId', async (req, res) => {
      const target = S.userParam.parse(req.params).userId;
      const path = await findPath.execute(principalOf(res).userId, target, S.pathQuery.parse(req.query).maxDepth);
      res.json({ path, degrees: path ? path.length - 1 : null });
    });
    this.router.get('/:userId/mutual', async (req, res) => {
      const other = S.userParam.parse(req.params).userId;
      const query = S.page.parse(req.query);
      res.json(await mutual.execute(principalOf(res).userId, other, query.cursor, query.limit));
    });
    this.router.delete('/:userId', async (req, res) => {
      const { userId } = principalOf(res);
      await remove.execute(userId, S.userParam.parse(req.params).userId, eventMeta(userId));
      res.status(204).end();
    });
  }
}

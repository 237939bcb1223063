import { Router } from 'express';
import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  requireAuth,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { AcceptFriendRequest } from '../application/accept-friend-request';
import { CancelFriendRequest } from '../application/cancel-friend-request';
import { DeclineFriendRequest } from '../application/decline-friend-request';
import { ListFriendRequests } from '../application/list-friend-requests';
import { SendFriendRequest } from '../application/send-friend-request';
import { eventMeta, FriendSchemas as S } from './http-schemas';

/**
 * /v1/friends/requests: send (201 when a request or friendship was made, 200 for a repeat),
 * list incoming/outgoing, accept, decline, cancel. Bound before FriendsRouter so it is mounted first.
 */
@injectable()
export class FriendRequestsRouter implements HttpRoute {
  readonly path = '/v1/friends/requests';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(SendFriendRequest) send: SendFriendRequest,
    @inject(ListFriendRequests) list: ListFriendRequests,
    @inject(AcceptFriendRequest) accept: AcceptFriendRequest,
    @inject(DeclineFriendRequest) decline: DeclineFriendRequest,
    @inject(CancelFriendRequest) cancel: CancelFriendRequest,
  ) {
    this.router.use(requireAuth(verifier));
    this.router.post('/', async (req, res) => {
      const { userId } = principalOf(res);
      const outcome = await send.execute(userId, S.sendBody.parse(req.body).userId, eventMeta(userId));
      res.status(outcome.status === 'accepted' || outcome.created ? 201 : 200).json(outcome);
    });
    this.router.get('/', async (req, res) => {
      const query = S.requestsQuery.parse(req.query);
      res.json(await list.execute(principalOf(res).userId, query.direction, query.cursor, query.limit));
    });
    this.router.post('/:id/accept', async (req, res) => {
      const { userId } = principalOf(res);
      res.json(await accept.execute(S.requestParam.parse(req.params).id, userId, eventMeta(userId)));
    });
    this.router.post('/:id/decline', async (req, res) => {
      const { userId } = principalOf(res);
      await decline.execute(S.requestParam.parse(req.params).id, userId, eventMeta(userId));
      res.status(204).end();
    });
    this.router.delete('/:id', async (req, res) => {
      const { userId } = principalOf(res);
      await cancel.execute(S.requestParam.parse(req.params).id, userId, eventMeta(userId));
      res.status(204).end();
    });
  }
}

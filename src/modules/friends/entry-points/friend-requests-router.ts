import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { AcceptFriendRequest } from '../application/accept-friend-request';
import { CancelFriendRequest } from '../application/cancel-friend-request';
import { DeclineFriendRequest } from '../application/decline-friend-request';
import { ListFriendRequests } from '../application/list-friend-requests';
import { SendFriendRequest } from '../application/send-friend-request';
import { requestPageJson, resolutionJson, sendOutcomeJson } from './http-responses';
import { eventMeta, FriendSchemas as S } from './http-schemas';

const REQUEST_ERRORS = ['FRIEND_REQUEST.NOT_FOUND', 'FRIEND_REQUEST.FORBIDDEN'];

/**
 * /v1/friends/requests: send (201 when a request or friendship was made, 200 for a repeat),
 * list incoming/outgoing, accept, decline, cancel. Bound before FriendsRouter so it is mounted first.
 */
@injectable()
export class FriendRequestsRouter implements HttpRoute {
  readonly path = '/v1/friends/requests';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(SendFriendRequest) send: SendFriendRequest,
    @inject(ListFriendRequests) list: ListFriendRequests,
    @inject(AcceptFriendRequest) accept: AcceptFriendRequest,
    @inject(DeclineFriendRequest) decline: DeclineFriendRequest,
    @inject(CancelFriendRequest) cancel: CancelFriendRequest,
  ) {
    this.routes = new RouteTable({ tag: 'Friends', verifier })
      .post(
        '/',
        {
          summary: 'Ask a user to be friends (accepts theirs if they already asked)',
          body: S.sendBody,
          responses: {
            201: { description: 'A request was made, or a friendship.', schema: sendOutcomeJson },
            200: { description: 'The request was already pending.', schema: sendOutcomeJson },
          },
          errors: ['USER.NOT_FOUND', 'FRIEND.BLOCKED', 'FRIEND.UNAVAILABLE', 'FRIENDSHIP.ALREADY_EXISTS'],
        },
        async ({ body }, _req, res) => {
          const { userId } = principalOf(res);
          const outcome = await send.execute(userId, body.userId, eventMeta(userId));
          res.status(outcome.status === 'accepted' || outcome.created ? 201 : 200).json(outcome);
        },
      )
      .get(
        '/',
        {
          summary: 'Pending requests to or from the caller, with the other user’s profile',
          query: S.requestsQuery,
          responses: { 200: { description: 'A page of requests.', schema: requestPageJson } },
        },
        async ({ query }, _req, res) => {
          res.json(await list.execute(principalOf(res).userId, query.direction, query.cursor, query.limit));
        },
      )
      .post(
        '/:id/accept',
        {
          summary: 'Accept a request (its recipient)',
          params: S.requestParam,
          responses: { 200: { description: 'Now friends.', schema: resolutionJson } },
          errors: [...REQUEST_ERRORS, 'FRIEND.BLOCKED'],
        },
        async ({ params }, _req, res) => {
          const { userId } = principalOf(res);
          res.json(await accept.execute(params.id, userId, eventMeta(userId)));
        },
      )
      .post(
        '/:id/decline',
        {
          summary: 'Decline a request (its recipient)',
          params: S.requestParam,
          responses: { 204: { description: 'Declined.' } },
          errors: REQUEST_ERRORS,
        },
        async ({ params }, _req, res) => {
          const { userId } = principalOf(res);
          await decline.execute(params.id, userId, eventMeta(userId));
          res.status(204).end();
        },
      )
      .delete(
        '/:id',
        {
          summary: 'Cancel a request (its sender)',
          params: S.requestParam,
          responses: { 204: { description: 'Cancelled.' } },
          errors: REQUEST_ERRORS,
        },
        async ({ params }, _req, res) => {
          const { userId } = principalOf(res);
          await cancel.execute(params.id, userId, eventMeta(userId));
          res.status(204).end();
        },
      );
  }
}

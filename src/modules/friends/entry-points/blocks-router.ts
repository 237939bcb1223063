import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { BlockUser } from '../application/block-user';
import { ListBlocks } from '../application/list-blocks';
import { UnblockUser } from '../application/unblock-user';
import { blockJson, blockPageJson } from './http-responses';
import { eventMeta, FriendSchemas as S } from './http-schemas';

/** /v1/blocks: block (idempotent), unblock, and the caller's blocked users. */
@injectable()
export class BlocksRouter implements HttpRoute {
  readonly path = '/v1/blocks';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(BlockUser) block: BlockUser,
    @inject(UnblockUser) unblock: UnblockUser,
    @inject(ListBlocks) list: ListBlocks,
  ) {
    this.routes = new RouteTable({ tag: 'Blocks', verifier })
      .post(
        '/:userId',
        {
          summary: 'Block a user (ends any friendship and pending requests)',
          params: S.userParam,
          responses: {
            201: { description: 'Blocked.', schema: blockJson },
            200: { description: 'Already blocked.', schema: blockJson },
          },
          errors: ['USER.NOT_FOUND', 'FRIEND.UNAVAILABLE'],
        },
        async ({ params }, _req, res) => {
          const { userId } = principalOf(res);
          const { block: made, created } = await block.execute(userId, params.userId, eventMeta(userId));
          res.status(created ? 201 : 200).json({ userId: made.blockedId, createdAt: made.createdAt });
        },
      )
      .delete(
        '/:userId',
        {
          summary: 'Unblock a user',
          params: S.userParam,
          responses: { 204: { description: 'Unblocked.' } },
          errors: ['BLOCK.NOT_FOUND'],
        },
        async ({ params }, _req, res) => {
          const { userId } = principalOf(res);
          await unblock.execute(userId, params.userId, eventMeta(userId));
          res.status(204).end();
        },
      )
      .get(
        '/',
        {
          summary: 'The users the caller blocked',
          query: S.page,
          responses: { 200: { description: 'A page of blocked users.', schema: blockPageJson } },
        },
        async ({ query }, _req, res) => {
          res.json(await list.execute(principalOf(res).userId, query.cursor, query.limit));
        },
      );
  }
}

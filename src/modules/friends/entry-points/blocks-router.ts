import { Router } from 'express';
import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  requireAuth,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { BlockUser } from '../application/block-user';
import { ListBlocks } from '../application/list-blocks';
import { UnblockUser } from '../application/unblock-user';
import { eventMeta, FriendSchemas as S } from './http-schemas';

/** /v1/blocks: block (idempotent), unblock, and the caller's blocked users. */
@injectable()
export class BlocksRouter implements HttpRoute {
  readonly path = '/v1/blocks';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(BlockUser) block: BlockUser,
    @inject(UnblockUser) unblock: UnblockUser,
    @inject(ListBlocks) list: ListBlocks,
  ) {
    this.router.use(requireAuth(verifier));
    this.router.post('/:userId', async (req, res) => {
      const { userId } = principalOf(res);
      const target = S.userParam.parse(req.params).userId;
      const { block: made, created } = await block.execute(userId, target, eventMeta(userId));
      res.status(created ? 201 : 200).json({ userId: made.blockedId, createdAt: made.createdAt });
    });
    this.router.delete('/:userId', async (req, res) => {
      const { userId } = principalOf(res);
      await unblock.execute(userId, S.userParam.parse(req.params).userId, eventMeta(userId));
      res.status(204).end();
    });
    this.router.get('/', async (req, res) => {
      const query = S.page.parse(req.query);
      res.json(await list.execute(principalOf(res).userId, query.cursor, query.limit));
    });
  }
}

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
import { currentLogContext } from '../../../platform/logger';
import { DeleteAccount } from '../application/delete-account';
import { FindUsers } from '../application/find-users';
import { UpdateProfile } from '../application/update-profile';
import { displayNameSchema, toPublicUser, usernameSchema } from '../domain/user';

const patchBody = z
  .object({ displayName: displayNameSchema.optional(), username: usernameSchema.optional() })
  .strict()
  .refine((body) => body.displayName !== undefined || body.username !== undefined, {
    message: 'nothing to change: give displayName or username',
    path: ['displayName'],
  });
const idParam = z.object({ id: z.uuid('not a user id') });
const searchQuery = z.object({
  query: z.string().trim().min(1, 'give a username prefix').max(32),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** /v1/users: the caller's own account, public profiles, and username search. */
@injectable()
export class UsersRouter implements HttpRoute {
  readonly path = '/v1/users';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(FindUsers) find: FindUsers,
    @inject(UpdateProfile) update: UpdateProfile,
    @inject(DeleteAccount) erase: DeleteAccount,
  ) {
    const meta = (actorId: string) => ({ actorId, traceId: currentLogContext().requestId ?? null });
    this.router.use(requireAuth(verifier));
    this.router.get('/me', async (_req, res) => {
      res.json(await find.byId(principalOf(res).userId));
    });
    this.router.patch('/me', async (req, res) => {
      const { userId } = principalOf(res);
      res.json(await update.execute(userId, patchBody.parse(req.body), meta(userId)));
    });
    this.router.delete('/me', async (_req, res) => {
      const { userId } = principalOf(res);
      await erase.execute(userId, meta(userId));
      res.status(204).end();
    });
    this.router.get('/', async (req, res) => {
      const query = searchQuery.parse(req.query);
      const page = await find.search(query.query, query.cursor, query.limit);
      res.json({ items: page.items.map(toPublicUser), nextCursor: page.nextCursor });
    });
    this.router.get('/:id', async (req, res) => {
      res.json(toPublicUser(await find.byId(idParam.parse(req.params).id)));
    });
  }
}

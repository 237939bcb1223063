import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { currentLogContext } from '../../../platform/logger';
import { DeleteAccount } from '../application/delete-account';
import { FindUsers } from '../application/find-users';
import { UpdateProfile } from '../application/update-profile';
import { toPublicUser } from '../domain/user';
import { idParam, patchBody, publicUserJson, publicUserPage, searchQuery, userJson } from './http-schemas';

/** /v1/users: the caller's own account, public profiles, and username search. */
@injectable()
export class UsersRouter implements HttpRoute {
  readonly path = '/v1/users';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(FindUsers) find: FindUsers,
    @inject(UpdateProfile) update: UpdateProfile,
    @inject(DeleteAccount) erase: DeleteAccount,
  ) {
    const meta = (actorId: string) => ({ actorId, traceId: currentLogContext().requestId ?? null });
    this.routes = new RouteTable({ tag: 'Users', verifier })
      .get(
        '/me',
        {
          summary: 'The caller’s account',
          responses: { 200: { description: 'The account.', schema: userJson } },
          errors: ['USER.NOT_FOUND'],
        },
        async (_input, _req, res) => {
          res.json(await find.byId(principalOf(res).userId));
        },
      )
      .patch(
        '/me',
        {
          summary: 'Change the caller’s display name or username',
          body: patchBody,
          responses: { 200: { description: 'The account as changed.', schema: userJson } },
          errors: ['USER.NOT_FOUND', 'USER.ALREADY_EXISTS'],
        },
        async ({ body }, _req, res) => {
          const { userId } = principalOf(res);
          res.json(await update.execute(userId, body, meta(userId)));
        },
      )
      .delete(
        '/me',
        {
          summary: 'Delete the caller’s account (erased from every store)',
          responses: { 204: { description: 'Deleted.' } },
        },
        async (_input, _req, res) => {
          const { userId } = principalOf(res);
          await erase.execute(userId, meta(userId));
          res.status(204).end();
        },
      )
      .get(
        '/',
        {
          summary: 'Find users by username prefix',
          query: searchQuery,
          responses: { 200: { description: 'A page of public profiles.', schema: publicUserPage } },
        },
        async ({ query }, _req, res) => {
          const page = await find.search(query.query, query.cursor, query.limit);
          res.json({ items: page.items.map(toPublicUser), nextCursor: page.nextCursor });
        },
      )
      .get(
        '/:id',
        {
          summary: 'A user’s public profile',
          params: idParam,
          responses: { 200: { description: 'The profile.', schema: publicUserJson } },
          errors: ['USER.NOT_FOUND'],
        },
        async ({ params }, _req, res) => {
          res.json(toPublicUser(await find.byId(params.id)));
        },
      );
  }
}

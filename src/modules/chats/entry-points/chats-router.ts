import { Router } from 'express';
import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  requireAuth,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { AddMembers } from '../application/add-members';
import { ChangeRole } from '../application/change-role';
import { CreateChat } from '../application/create-chat';
import { MarkRead } from '../application/mark-read';
import { ReadChats } from '../application/read-chats';
import { RemoveMember } from '../application/remove-member';
import { RenameChat } from '../application/rename-chat';
import * as http from './http-schemas';

/** /v1/chats: create, list, read, rename, members and roles, read markers. */
@injectable()
export class ChatsRouter implements HttpRoute {
  readonly path = '/v1/chats';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(CreateChat) create: CreateChat,
    @inject(ReadChats) read: ReadChats,
    @inject(RenameChat) rename: RenameChat,
    @inject(AddMembers) addMembers: AddMembers,
    @inject(RemoveMember) removeMember: RemoveMember,
    @inject(ChangeRole) changeRole: ChangeRole,
    @inject(MarkRead) markRead: MarkRead,
  ) {
    const r = this.router;
    const viewOf = async (userId: string, chatId: string) => http.chatJson(await read.one(userId, chatId));
    r.use(requireAuth(verifier));
    r.post('/', async (req, res) => {
      const body = http.createChatBody.parse(req.body);
      const actor = http.actorOf(res);
      const result =
        body.type === 'direct'
          ? await create.direct(actor, body.userId)
          : await create.group(actor, body.title, body.memberIds);
      res.status(result.created ? 201 : 200).json(await viewOf(actor.actorId, result.summary.chat.id));
    });
    r.get('/', async (req, res) => {
      const query = http.listQuery.parse(req.query);
      const page = await read.list(principalOf(res).userId, query.cursor, query.limit);
      const last = page.items.at(-1);
      res.json({
        items: page.items.map(http.chatJson),
        nextCursor: page.more && last ? http.encodeCursor(last) : null,
      });
    });
    r.get('/:id', async (req, res) => {
      res.json(await viewOf(principalOf(res).userId, http.chatParams.parse(req.params).id));
    });
    r.patch('/:id', async (req, res) => {
      const { id } = http.chatParams.parse(req.params);
      const actor = http.actorOf(res);
      await rename.execute(actor, id, http.renameBody.parse(req.body).title);
      res.json(await viewOf(actor.actorId, id));
    });
    r.post('/:id/members', async (req, res) => {
      const { id } = http.chatParams.parse(req.params);
      const actor = http.actorOf(res);
      await addMembers.execute(actor, id, http.addMembersBody.parse(req.body).userIds);
      res.json(await viewOf(actor.actorId, id));
    });
    r.delete('/:id/members/:userId', async (req, res) => {
      const { id, userId } = http.memberParams.parse(req.params);
      await removeMember.execute(http.actorOf(res), id, userId);
      res.status(204).end();
    });
    r.patch('/:id/members/:userId', async (req, res) => {
      const { id, userId } = http.memberParams.parse(req.params);
      const actor = http.actorOf(res);
      await changeRole.execute(actor, id, userId, http.roleBody.parse(req.body).role);
      res.json(await viewOf(actor.actorId, id));
    });
    r.post('/:id/read', async (req, res) => {
      const { id } = http.chatParams.parse(req.params);
      const actor = http.actorOf(res);
      await markRead.execute(actor, id, http.readBody.parse(req.body).seq);
      res.json(await viewOf(actor.actorId, id));
    });
  }
}

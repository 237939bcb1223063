import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
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
import { chatPageResponse, chatResponse } from './http-responses';
import * as http from './http-schemas';

const chat = { description: 'The chat as the caller sees it.', schema: chatResponse };
/** Non-members get CHAT.NOT_FOUND too (docs/decisions/0010). */
const MEMBER_ERRORS = ['CHAT.NOT_FOUND', 'CHAT.FORBIDDEN', 'CHAT.INVALID'];

/** /v1/chats: create, list, read, rename, members and roles, read markers. */
@injectable()
export class ChatsRouter implements HttpRoute {
  readonly path = '/v1/chats';
  readonly routes: RouteTable;

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
    const viewOf = async (userId: string, chatId: string) => http.chatJson(await read.one(userId, chatId));
    const r = new RouteTable({ tag: 'Chats', verifier });
    this.routes = r;
    r.post(
      '/',
      {
        summary: 'Create a group, or get the one direct chat with a user',
        body: http.createChatBody,
        responses: {
          201: { ...chat, description: 'Created.' },
          200: { ...chat, description: 'The existing direct chat.' },
        },
        errors: ['USER.NOT_FOUND', 'CHAT.BLOCKED', 'CHAT.INVALID'],
      },
      async ({ body }, _req, res) => {
        const actor = http.actorOf(res);
        const result =
          body.type === 'direct'
            ? await create.direct(actor, body.userId)
            : await create.group(actor, body.title, body.memberIds);
        res.status(result.created ? 201 : 200).json(await viewOf(actor.actorId, result.summary.chat.id));
      },
    );
    r.get(
      '/',
      {
        summary: 'The caller’s chats, most recently active first',
        query: http.listQuery,
        responses: { 200: { description: 'A page of chats.', schema: chatPageResponse } },
      },
      async ({ query }, _req, res) => {
        const page = await read.list(principalOf(res).userId, query.cursor, query.limit);
        const last = page.items.at(-1);
        res.json({
          items: page.items.map(http.chatJson),
          nextCursor: page.more && last ? http.encodeCursor(last) : null,
        });
      },
    );
    r.get(
      '/:id',
      {
        summary: 'One chat, with its members’ names',
        params: http.chatParams,
        responses: { 200: chat },
        errors: MEMBER_ERRORS,
      },
      async ({ params }, _req, res) => {
        res.json(await viewOf(principalOf(res).userId, params.id));
      },
    );
    r.patch(
      '/:id',
      {
        summary: 'Rename a group (admins)',
        params: http.chatParams,
        body: http.renameBody,
        responses: { 200: chat },
        errors: MEMBER_ERRORS,
      },
      async ({ params, body }, _req, res) => {
        const actor = http.actorOf(res);
        await rename.execute(actor, params.id, body.title);
        res.json(await viewOf(actor.actorId, params.id));
      },
    );
    r.post(
      '/:id/members',
      {
        summary: 'Add members to a group (admins)',
        params: http.chatParams,
        body: http.addMembersBody,
        responses: { 200: chat },
        errors: [...MEMBER_ERRORS, 'USER.NOT_FOUND', 'CHAT.BLOCKED'],
      },
      async ({ params, body }, _req, res) => {
        const actor = http.actorOf(res);
        await addMembers.execute(actor, params.id, body.userIds);
        res.json(await viewOf(actor.actorId, params.id));
      },
    );
    r.delete(
      '/:id/members/:userId',
      {
        summary: 'Remove a member (admins), or leave (yourself)',
        description: 'The last owner leaving hands ownership to the longest-standing admin, else member.',
        params: http.memberParams,
        responses: { 204: { description: 'Removed.' } },
        errors: MEMBER_ERRORS,
      },
      async ({ params }, _req, res) => {
        await removeMember.execute(http.actorOf(res), params.id, params.userId);
        res.status(204).end();
      },
    );
    r.patch(
      '/:id/members/:userId',
      {
        summary: 'Change a member’s role (owners)',
        params: http.memberParams,
        body: http.roleBody,
        responses: { 200: chat },
        errors: MEMBER_ERRORS,
      },
      async ({ params, body }, _req, res) => {
        const actor = http.actorOf(res);
        await changeRole.execute(actor, params.id, params.userId, body.role);
        res.json(await viewOf(actor.actorId, params.id));
      },
    );
    r.post(
      '/:id/read',
      {
        summary: 'Move the caller’s read marker forward',
        params: http.chatParams,
        body: http.readBody,
        responses: { 200: chat },
        errors: ['CHAT.NOT_FOUND', 'MESSAGE.INVALID'],
      },
      async ({ params, body }, _req, res) => {
        const actor = http.actorOf(res);
        await markRead.execute(actor, params.id, body.seq);
        res.json(await viewOf(actor.actorId, params.id));
      },
    );
  }
}

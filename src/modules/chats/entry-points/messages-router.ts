import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { DeleteMessage } from '../application/delete-message';
import { EditMessage } from '../application/edit-message';
import { React } from '../application/react';
import { ReadChats } from '../application/read-chats';
import { SendMessage } from '../application/send-message';
import { historyResponse, messageResponse } from './http-responses';
import * as http from './http-schemas';

const message = { description: 'The message.', schema: messageResponse };
const MESSAGE_ERRORS = ['CHAT.NOT_FOUND', 'MESSAGE.NOT_FOUND', 'MESSAGE.FORBIDDEN', 'MESSAGE.CONFLICT'];

/** /v1/chats/:id/messages: send (idempotent by clientMsgId), history by seq, edit, delete, reactions. */
@injectable()
export class MessagesRouter implements HttpRoute {
  readonly path = '/v1/chats';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(SendMessage) send: SendMessage,
    @inject(ReadChats) read: ReadChats,
    @inject(EditMessage) edit: EditMessage,
    @inject(DeleteMessage) remove: DeleteMessage,
    @inject(React) react: React,
  ) {
    const r = new RouteTable({ tag: 'Messages', verifier });
    this.routes = r;
    r.post(
      '/:id/messages',
      {
        summary: 'Send a message (a retry with the same clientMsgId returns the first)',
        params: http.chatParams,
        body: http.sendBody,
        responses: {
          201: { ...message, description: 'Sent, as the chat’s next seq.' },
          200: { ...message, description: 'Already sent with this clientMsgId.' },
        },
        errors: ['CHAT.NOT_FOUND', 'CHAT.BLOCKED', 'MESSAGE.INVALID'],
      },
      async ({ params, body }, _req, res) => {
        const result = await send.execute(http.actorOf(res), params.id, body);
        res.status(result.created ? 201 : 200).json(result.message);
      },
    );
    r.get(
      '/:id/messages',
      {
        summary: 'History and catch-up by seq',
        description: 'Without before/after: the latest page. `before` pages back; `after` pages forward (catch-up).',
        params: http.chatParams,
        query: http.historyQuery,
        responses: { 200: { description: 'A page of messages in seq order.', schema: historyResponse } },
        errors: ['CHAT.NOT_FOUND'],
      },
      async ({ params, query }, _req, res) => {
        const range = {
          ...(query.before !== undefined ? { before: query.before } : {}),
          ...(query.after !== undefined ? { after: query.after } : {}),
        };
        const page = await read.history(principalOf(res).userId, params.id, range, query.limit);
        const edge = query.after !== undefined ? page.items.at(-1) : page.items[0];
        res.json({ items: page.items, lastSeq: page.chat.lastSeq, nextCursor: page.more && edge ? edge.seq : null });
      },
    );
    r.patch(
      '/:id/messages/:messageId',
      {
        summary: 'Edit a message (its author; earlier bodies are kept)',
        params: http.messageParams,
        body: http.editBody,
        responses: { 200: message },
        errors: MESSAGE_ERRORS,
      },
      async ({ params, body }, _req, res) => {
        res.json(await edit.execute(http.actorOf(res), params.id, params.messageId, body.body));
      },
    );
    r.delete(
      '/:id/messages/:messageId',
      {
        summary: 'Delete a message (its author or a chat admin; a tombstone keeps its seq)',
        params: http.messageParams,
        responses: { 204: { description: 'Deleted.' } },
        errors: MESSAGE_ERRORS,
      },
      async ({ params }, _req, res) => {
        await remove.execute(http.actorOf(res), params.id, params.messageId);
        res.status(204).end();
      },
    );
    r.put(
      '/:id/messages/:messageId/reactions/:emoji',
      {
        summary: 'React with an emoji (once per emoji and user)',
        params: http.reactionParams,
        responses: { 200: message },
        errors: MESSAGE_ERRORS,
      },
      async ({ params }, _req, res) => {
        res.json(await react.execute(http.actorOf(res), params.id, params.messageId, params.emoji, true));
      },
    );
    r.delete(
      '/:id/messages/:messageId/reactions/:emoji',
      {
        summary: 'Take a reaction back',
        params: http.reactionParams,
        responses: { 200: message },
        errors: MESSAGE_ERRORS,
      },
      async ({ params }, _req, res) => {
        res.json(await react.execute(http.actorOf(res), params.id, params.messageId, params.emoji, false));
      },
    );
  }
}

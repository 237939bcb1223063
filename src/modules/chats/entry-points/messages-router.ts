import { Router } from 'express';
import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  requireAuth,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { DeleteMessage } from '../application/delete-message';
import { EditMessage } from '../application/edit-message';
import { React } from '../application/react';
import { ReadChats } from '../application/read-chats';
import { SendMessage } from '../application/send-message';
import * as http from './http-schemas';

/** /v1/chats/:id/messages: send (idempotent by clientMsgId), history by seq, edit, delete, reactions. */
@injectable()
export class MessagesRouter implements HttpRoute {
  readonly path = '/v1/chats';
  readonly router = Router();

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(SendMessage) send: SendMessage,
    @inject(ReadChats) read: ReadChats,
    @inject(EditMessage) edit: EditMessage,
    @inject(DeleteMessage) remove: DeleteMessage,
    @inject(React) react: React,
  ) {
    const r = this.router;
    r.use(requireAuth(verifier));
    r.post('/:id/messages', async (req, res) => {
      const { id } = http.chatParams.parse(req.params);
      const result = await send.execute(http.actorOf(res), id, http.sendBody.parse(req.body));
      res.status(result.created ? 201 : 200).json(result.message);
    });
    r.get('/:id/messages', async (req, res) => {
      const { id } = http.chatParams.parse(req.params);
      const query = http.historyQuery.parse(req.query);
      const range = {
        ...(query.before !== undefined ? { before: query.before } : {}),
        ...(query.after !== undefined ? { after: query.after } : {}),
      };
      const page = await read.history(principalOf(res).userId, id, range, query.limit);
      const edge = query.after !== undefined ? page.items.at(-1) : page.items[0];
      res.json({ items: page.items, lastSeq: page.chat.lastSeq, nextCursor: page.more && edge ? edge.seq : null });
    });
    r.patch('/:id/messages/:messageId', async (req, res) => {
      const { id, messageId } = http.messageParams.parse(req.params);
      res.json(await edit.execute(http.actorOf(res), id, messageId, http.editBody.parse(req.body).body));
    });
    r.delete('/:id/messages/:messageId', async (req, res) => {
      const { id, messageId } = http.messageParams.parse(req.params);
      await remove.execute(http.actorOf(res), id, messageId);
      res.status(204).end();
    });
    r.put('/:id/messages/:messageId/reactions/:emoji', async (req, res) => {
      const { id, messageId, emoji } = http.reactionParams.parse(req.params);
      res.json(await react.execute(http.actorOf(res), id, messageId, emoji, true));
    });
    r.delete('/:id/messages/:messageId/reactions/:emoji', async (req, res) => {
      const { id, messageId, emoji } = http.reactionParams.parse(req.params);
      res.json(await react.execute(http.actorOf(res), id, messageId, emoji, false));
    });
  }
}

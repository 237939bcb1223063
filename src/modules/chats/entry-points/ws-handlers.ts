import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { WsConnection, WsHandler } from '../../../platform/ws';
import type { Actor } from '../application/context';
import { DeleteMessage } from '../application/delete-message';
import { EditMessage } from '../application/edit-message';
import { MarkRead } from '../application/mark-read';
import { React } from '../application/react';
import { ReadChats } from '../application/read-chats';
import { SendMessage } from '../application/send-message';
import { ChatTyping } from '../application/typing';
import { ChatErrors } from '../domain/chat';
import { AppError } from '../../../platform/errors';
import { bodySchema, clientMsgIdSchema, emojiSchema } from '../domain/message';

const SYNC_CHATS_MAX = 100;
const id = z.uuid('not an id');
const messageRef = { chatId: id, messageId: id };
export const wsSchemas = {
  'message.send': z.object({ chatId: id, body: bodySchema, clientMsgId: clientMsgIdSchema, replyTo: id.optional() }),
  'message.edit': z.object({ ...messageRef, body: bodySchema }),
  'message.delete': z.object(messageRef),
  'reaction.add': z.object({ ...messageRef, emoji: emojiSchema }),
  'reaction.remove': z.object({ ...messageRef, emoji: emojiSchema }),
  read: z.object({ chatId: id, seq: z.number().int().min(0) }),
  typing: z.object({ chatId: id, state: z.enum(['start', 'stop']) }),
  sync: z.object({
    chats: z
      .array(z.object({ chatId: id, afterSeq: z.number().int().min(0) }))
      .min(1)
      .max(SYNC_CHATS_MAX),
    limit: z.number().int().min(1).max(500).default(200),
  }),
};

const actorOf = (connection: WsConnection): Actor => ({ actorId: connection.userId, traceId: null });

/**
 * The chat requests of the WebSocket protocol, answered by the same use cases as REST, so a message
 * reaches every member's connections the same way whichever door it came in by.
 */
@injectable()
export class ChatWsHandlers {
  constructor(
    @inject(SendMessage) private readonly send: SendMessage,
    @inject(EditMessage) private readonly edit: EditMessage,
    @inject(DeleteMessage) private readonly remove: DeleteMessage,
    @inject(React) private readonly react: React,
    @inject(MarkRead) private readonly markRead: MarkRead,
    @inject(ReadChats) private readonly read: ReadChats,
    @inject(ChatTyping) private readonly typing: ChatTyping,
  ) {}

  all(): WsHandler[] {
    return [
      this.handler('message.send', ({ chatId, ...input }, c) => this.send.execute(actorOf(c), chatId, input)),
      this.handler('message.edit', (p, c) => this.edit.execute(actorOf(c), p.chatId, p.messageId, p.body)),
      this.handler('message.delete', async (p, c) => {
        const message = await this.remove.execute(actorOf(c), p.chatId, p.messageId);
        return { messageId: message.id, seq: message.seq };
      }),
      this.handler('reaction.add', (p, c) => this.react.execute(actorOf(c), p.chatId, p.messageId, p.emoji, true)),
      this.handler('reaction.remove', (p, c) => this.react.execute(actorOf(c), p.chatId, p.messageId, p.emoji, false)),
      this.handler('read', async (p, c) => {
        await this.markRead.execute(actorOf(c), p.chatId, p.seq);
        return { chatId: p.chatId, seq: p.seq };
      }),
      this.handler('typing', async (p, c) => {
        await this.typing.typing(c, p.chatId, p.state);
        return { chatId: p.chatId, state: p.state };
      }),
      { ...this.handler('sync', (p, c) => this.sync(c.userId, p)), replyType: 'sync.result' },
    ];
  }

  /** What a client missed in each chat after the seq it last saw; a chat it cannot see says so. */
  private async sync(userId: string, request: z.infer<(typeof wsSchemas)['sync']>) {
    const chats = [];
    for (const { chatId, afterSeq } of request.chats) {
      try {
        const page = await this.read.history(userId, chatId, { after: afterSeq }, request.limit);
        chats.push({ chatId, messages: page.items, lastSeq: page.chat.lastSeq, hasMore: page.more });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== ChatErrors.notFound().code) throw error;
        chats.push({ chatId, error: { code: error.code, message: error.message } });
      }
    }
    return { chats };
  }

  private handler<T extends keyof typeof wsSchemas>(
    type: T,
    run: (payload: z.infer<(typeof wsSchemas)[T]>, connection: WsConnection) => Promise<unknown>,
  ): WsHandler {
    const schema = wsSchemas[type];
    return {
      type,
      handle: (payload, connection) => run(schema.parse(payload) as z.infer<(typeof wsSchemas)[T]>, connection),
    };
  }
}

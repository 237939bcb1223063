import type { Response } from 'express';
import { z } from 'zod';
import { encodeOpaqueCursor, opaqueCursor, principalOf, timeAndIdCursor } from '../../../platform/http';
import { currentLogContext } from '../../../platform/logger';
import type { Actor } from '../application/context';
import type { ChatView } from '../application/read-chats';
import { titleSchema } from '../domain/chat';
import { bodySchema, clientMsgIdSchema, emojiSchema } from '../domain/message';

/** The caller and the request's trace id, for use cases. */
export function actorOf(res: Response): Actor {
  return { actorId: principalOf(res).userId, traceId: currentLogContext().requestId ?? null };
}

const uuid = z.uuid('not an id');
export const chatParams = z.object({ id: uuid });
export const memberParams = z.object({ id: uuid, userId: uuid });
export const messageParams = z.object({ id: uuid, messageId: uuid });
export const reactionParams = z.object({ id: uuid, messageId: uuid, emoji: emojiSchema });

export const createChatBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct'), userId: uuid }),
  z.object({ type: z.literal('group'), title: titleSchema, memberIds: z.array(uuid).max(499).default([]) }),
]);
export const renameBody = z.object({ title: titleSchema });
export const addMembersBody = z.object({ userIds: z.array(uuid).min(1).max(100) });
export const roleBody = z.object({ role: z.enum(['owner', 'admin', 'member']) });
export const readBody = z.object({ seq: z.number().int().min(0) });
export const sendBody = z.object({ body: bodySchema, clientMsgId: clientMsgIdSchema, replyTo: uuid.optional() });
export const editBody = z.object({ body: bodySchema });

const seq = z.coerce.number().int().min(0);
export const historyQuery = z
  .object({ before: seq.optional(), after: seq.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .refine((query) => query.before === undefined || query.after === undefined, {
    message: 'give before or after, not both',
    path: ['after'],
  });

export const listQuery = z.object({
  cursor: opaqueCursor(timeAndIdCursor).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const encodeCursor = (view: ChatView): string =>
  encodeOpaqueCursor({ at: view.lastActivityAt, id: view.chat.id });

/** The JSON a member sees of a chat. */
export function chatJson(view: ChatView): Record<string, unknown> {
  const { chat } = view;
  return {
    id: chat.id,
    type: chat.type,
    title: chat.title,
    members: chat.members.map((member) => ({
      ...member,
      joinedAt: member.joinedAt.toISOString(),
      ...(view.profiles ? (view.profiles.get(member.userId) ?? { deleted: true }) : {}),
    })),
    lastSeq: chat.lastSeq,
    lastMessage: view.lastMessage,
    lastActivityAt: view.lastActivityAt,
    unreadCount: view.unreadCount,
  };
}

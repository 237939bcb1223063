import { z } from 'zod';
import { timestampSchema } from '../../../platform/http';

const memberJson = z.object({
  userId: z.uuid(),
  role: z.enum(['owner', 'admin', 'member']),
  joinedAt: timestampSchema,
  lastReadSeq: z.number().int(),
  username: z.string().optional().meta({ description: 'Single-chat reads only.' }),
  displayName: z.string().optional().meta({ description: 'Single-chat reads only.' }),
  deleted: z.literal(true).optional().meta({ description: 'Single-chat reads only: the account is gone.' }),
});

/** A chat as a member sees it (chatJson in http-schemas.ts). */
export const chatResponse = z
  .object({
    id: z.uuid(),
    type: z.enum(['direct', 'group']),
    title: z.string().nullable(),
    members: z.array(memberJson),
    lastSeq: z.number().int(),
    lastMessage: z
      .object({
        messageId: z.uuid(),
        seq: z.number().int(),
        senderId: z.uuid(),
        preview: z.string(),
        sentAt: timestampSchema,
      })
      .nullable(),
    lastActivityAt: timestampSchema,
    unreadCount: z.number().int(),
  })
  .meta({ id: 'Chat' });

export const chatPageResponse = z.object({ items: z.array(chatResponse), nextCursor: z.string().nullable() });

/** A message; a deleted one keeps its seq and has a null body. */
export const messageResponse = z
  .object({
    id: z.uuid(),
    chatId: z.uuid(),
    seq: z.number().int(),
    senderId: z.uuid(),
    clientMsgId: z.string(),
    body: z.string().nullable(),
    mentions: z.array(z.string()),
    replyTo: z.uuid().nullable(),
    reactions: z.array(z.object({ emoji: z.string(), userIds: z.array(z.uuid()) })),
    createdAt: timestampSchema,
    editedAt: timestampSchema.nullable(),
    deletedAt: timestampSchema.nullable(),
    held: z.boolean().optional().meta({
      description: 'Present (true) while moderation holds the message: its body is null until an admin approves it.',
    }),
  })
  .meta({ id: 'Message' });

export const historyResponse = z.object({
  items: z.array(messageResponse),
  lastSeq: z.number().int().meta({ description: 'The chat’s last seq now.' }),
  nextCursor: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'The seq to pass as before (or after, when paging forward) for the next page.' }),
});

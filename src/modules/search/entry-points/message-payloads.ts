import { z } from 'zod';
import type { MessageDeletedPayload, MessageEditedPayload, MessageSentPayload } from '../../chats';

const id = z.guid();
const instant = z.iso.datetime({ offset: true });

/** The fields of message.sent the index keeps; `satisfies` ties them to the chats contract. */
export const messageSentPayload = z.object({
  messageId: id,
  chatId: id,
  seq: z.number().int().nonnegative(),
  senderId: id,
  body: z.string(),
  sentAt: instant,
}) satisfies z.ZodType<Pick<MessageSentPayload, 'messageId' | 'chatId' | 'seq' | 'senderId' | 'body' | 'sentAt'>>;

/** The fields of message.edited the index applies. */
export const messageEditedPayload = z.object({
  messageId: id,
  chatId: id,
  body: z.string(),
  editedAt: instant,
}) satisfies z.ZodType<Pick<MessageEditedPayload, 'messageId' | 'chatId' | 'body' | 'editedAt'>>;

/** The fields of message.deleted the index applies. */
export const messageDeletedPayload = z.object({
  messageId: id,
  chatId: id,
  deletedAt: instant,
}) satisfies z.ZodType<Pick<MessageDeletedPayload, 'messageId' | 'chatId' | 'deletedAt'>>;

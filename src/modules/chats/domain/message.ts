import { z } from 'zod';
import { AppError } from '../../../platform/errors';

export interface Reaction {
  readonly emoji: string;
  readonly userIds: readonly string[];
}

/** A message as members see it; a deleted one keeps its seq and loses its body. */
export interface Message {
  readonly id: string;
  readonly chatId: string;
  readonly seq: number;
  readonly senderId: string;
  readonly clientMsgId: string;
  readonly body: string | null;
  readonly mentions: readonly string[];
  readonly replyTo: string | null;
  readonly reactions: readonly Reaction[];
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly deletedAt: string | null;
}

export const MAX_BODY = 4000;
export const bodySchema = z
  .string()
  .max(MAX_BODY, `at most ${MAX_BODY} characters`)
  .transform((body) => body.trim())
  .refine((body) => body.length > 0, 'must not be empty');
export const clientMsgIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
/** One emoji (or a short :name:), as a path segment. */
export const emojiSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[^\s/]+$/u, 'one emoji, no spaces');

/** `@username` mentions in a body, lower-cased and unique. */
export function mentionedUsernames(body: string): string[] {
  return [
    ...new Set(
      [...body.matchAll(/(?:^|[^\w@])@([A-Za-z0-9_.]{3,32})/g)].map((match) => (match[1] ?? '').toLowerCase()),
    ),
  ];
}

export const MessageErrors = {
  notFound: () => new AppError('MESSAGE.NOT_FOUND', 'no such message in this chat'),
  notAuthor: () => new AppError('MESSAGE.FORBIDDEN', 'only the author can edit a message'),
  cannotDelete: () => new AppError('MESSAGE.FORBIDDEN', 'only the author or a chat admin can delete a message'),
  deleted: () => new AppError('MESSAGE.CONFLICT', 'the message was deleted'),
  replyNotFound: () =>
    new AppError('MESSAGE.INVALID', 'replyTo must be a message of this chat', {
      fields: [{ field: 'replyTo', reason: 'no such message in this chat' }],
    }),
  readBeyondEnd: (lastSeq: number) =>
    new AppError('MESSAGE.INVALID', `seq is past the last message (${lastSeq})`, {
      fields: [{ field: 'seq', reason: 'past the last message' }],
    }),
};

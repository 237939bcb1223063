import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../platform/errors';
import { multiLineText } from '../../../platform/validation';

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
  /**
   * Held by moderation (docs/decisions/0038): the body is withheld (null) from everyone until an
   * admin approves it; absent otherwise.
   */
  readonly held?: boolean;
}

export const MAX_BODY = 4000;
export const bodySchema = multiLineText()
  .min(1, 'must not be empty')
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
  // eslint-disable-next-line no-control-regex -- the pattern exists to refuse control characters
  .regex(/^[^\s/\u0000-\u001F\u007F-\u009F]+$/, 'one emoji, no spaces or control characters');

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

/** The namespace of message ids (a fixed random UUID): ids are name-based UUIDs of (chat, seq). */
const MESSAGE_ID_NAMESPACE = Buffer.from('6f1c0b4e8a2d4d57b1e39c0f5a7d2e61', 'hex');

/**
 * The id of the message at `seq` in `chatId`: a name-based (version 5, SHA-1) UUID, so that the
 * store finds any seq by `_id` alone (history, catch-up, seq recovery) and the id stays a plain
 * UUID for clients (docs/decisions/0031).
 */
export function messageIdOf(chatId: string, seq: number): string {
  return nameBasedUuid(MESSAGE_ID_NAMESPACE, `${chatId}/${seq}`);
}

/** The namespace of event ids derived from a message (a fixed random UUID; first used by imports). */
const MESSAGE_EVENT_ID_NAMESPACE = Buffer.from('2b7e9c41d05a4f3e8c6a1d9b3e0f7a52', 'hex');

/**
 * The id of an event an import derives from a stored message: a name-based UUID of (message, event
 * type), so the same history published twice (a writer that died, docs/decisions/0035) carries the
 * same event ids.
 */
export function importEventIdOf(messageId: string, type: string): string {
  return nameBasedUuid(MESSAGE_EVENT_ID_NAMESPACE, `${messageId}/${type}`);
}

/**
 * The id of a live send's `message.sent` event: derived from the message id, so that the event
 * the store derives again from a stored message (a sender that died before queueing it) is the
 * same event, not a second one (docs/decisions/0060).
 */
export function sentEventIdOf(messageId: string): string {
  return nameBasedUuid(MESSAGE_EVENT_ID_NAMESPACE, `${messageId}/message.sent`);
}

/** UUID v5 (SHA-1) of `name` in `namespace`. */
function nameBasedUuid(namespace: Buffer, name: string): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { z } from 'zod';
import {
  bodySchema,
  clientMsgIdSchema,
  emojiSchema,
  MAX_GROUP_MEMBERS,
  titleSchema,
  type ImportedChat,
  type ImportedMember,
  type ImportedMessage,
} from '../../chats';
import type { ImportedFriendship } from '../../friends';
import { displayNameSchema, emailSchema, usernameSchema, type ImportedUser } from '../../users';
import type { Entity } from '../domain/records';

/**
 * The records of a dataset, one JSON object per line in `<entity>.jsonl` (docs/import-format.md):
 * exactly what the owning modules' import use cases take, so the format has one definition each.
 */
export type DatasetUser = ImportedUser;
/** Two users who are friends since `since`; the pair is unordered (export writes userId < friendId). */
export type DatasetFriendship = ImportedFriendship;
export type DatasetChat = ImportedChat;
export type DatasetMember = ImportedMember;
/** A message at its place (`seq`, from 1) in its chat; a deleted one has a null body. */
export type DatasetMessage = ImportedMessage;
export type DatasetReaction = DatasetMessage['reactions'][number];

/** The record type stored in each entity's file. */
export interface RecordOf {
  users: DatasetUser;
  friendships: DatasetFriendship;
  chats: DatasetChat;
  messages: DatasetMessage;
}

const id = z.uuid('a UUID');
/** Any ISO 8601 time with a zone; stored and exported as UTC with milliseconds. */
const time = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const PHC = /^\$argon2(?:id|i|d)\$v=\d+\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * An argon2 hash in PHC form, as the auth module stores and verifies: m, t and p each once, in any
 * order (the PHC format does not fix one; the argon2 library writes m,p,t).
 */
export const argon2Hash = z.string().refine((value) => {
  const params = PHC.exec(value)?.[1]
    ?.split(',')
    .map((param) => param.charAt(0));
  return params !== undefined && params.length === 3 && ['m', 't', 'p'].every((name) => params.includes(name));
}, 'an argon2 PHC hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash)');

export const userRecordSchema = z.object({
  id,
  username: usernameSchema,
  email: emailSchema,
  displayName: displayNameSchema,
  passwordHash: argon2Hash.nullable().default(null),
  createdAt: time,
}) satisfies z.ZodType<DatasetUser>;

export const friendshipRecordSchema = z
  .object({ userId: id, friendId: id, since: time })
  .refine((pair) => pair.userId !== pair.friendId, {
    path: ['friendId'],
    message: 'a user cannot befriend themself',
  }) satisfies z.ZodType<DatasetFriendship>;

const memberSchema = z.object({
  userId: id,
  role: z.enum(['owner', 'admin', 'member']),
  joinedAt: time,
  lastReadSeq: z.number().int().min(0).default(0),
});

export const chatRecordSchema = z
  .object({
    id,
    type: z.enum(['direct', 'group']),
    title: titleSchema.nullable().default(null),
    createdAt: time,
    members: z.array(memberSchema).min(1).max(MAX_GROUP_MEMBERS),
  })
  .superRefine((chat, ctx) => {
    const ids = chat.members.map((member) => member.userId);
    const twice = ids.findIndex((userId, index) => ids.indexOf(userId) !== index);
    if (twice >= 0)
      ctx.addIssue({ code: 'custom', path: ['members', twice, 'userId'], message: 'member listed twice' });
    if (chat.type === 'direct') {
      if (chat.members.length !== 2)
        ctx.addIssue({ code: 'custom', path: ['members'], message: 'a direct chat has 2 members' });
      if (chat.title !== null) ctx.addIssue({ code: 'custom', path: ['title'], message: 'a direct chat has no title' });
      const ranked = chat.members.findIndex((member) => member.role !== 'member');
      if (ranked >= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['members', ranked, 'role'],
          message: 'direct chat members are plain members',
        });
    } else {
      if (chat.title === null) ctx.addIssue({ code: 'custom', path: ['title'], message: 'a group chat needs a title' });
      if (!chat.members.some((member) => member.role === 'owner'))
        ctx.addIssue({ code: 'custom', path: ['members'], message: 'a group chat needs an owner' });
    }
  }) satisfies z.ZodType<DatasetChat>;

export const messageRecordSchema = z
  .object({
    id,
    chatId: id,
    seq: z.number().int().min(1),
    senderId: id,
    clientMsgId: clientMsgIdSchema.optional(),
    body: bodySchema.nullable(),
    mentions: z.array(id).max(100).default([]),
    replyTo: id.nullable().default(null),
    reactions: z
      .array(z.object({ emoji: emojiSchema, userIds: z.array(id).min(1) }))
      .max(50)
      .default([]),
    createdAt: time,
    editedAt: time.nullable().default(null),
    deletedAt: time.nullable().default(null),
  })
  .superRefine((message, ctx) => {
    if ((message.body === null) !== (message.deletedAt !== null))
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'null exactly when the message is deleted (deletedAt set)',
      });
    if (message.replyTo === message.id)
      ctx.addIssue({ code: 'custom', path: ['replyTo'], message: 'a message cannot reply to itself' });
  })
  .transform((message): DatasetMessage => ({ ...message, clientMsgId: message.clientMsgId ?? message.id }));

/** The schema of each entity's records. */
export const recordSchemas: { [E in Entity]: z.ZodType } = {
  users: userRecordSchema,
  friendships: friendshipRecordSchema,
  chats: chatRecordSchema,
  messages: messageRecordSchema,
};

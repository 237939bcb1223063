import { z } from 'zod';
import { cursorPage, timestampSchema } from '../../../platform/http';
import { singleLineText, trimmedSingleLineText } from '../../../platform/validation';
import { displayNameSchema, USER_ROLES, usernameSchema } from '../domain/user';

/** Requests of /v1/users (zod: a 422 naming the field). */
export const patchBody = z
  .object({ displayName: displayNameSchema.optional(), username: usernameSchema.optional() })
  .strict()
  .refine((body) => body.displayName !== undefined || body.username !== undefined, {
    message: 'nothing to change: give displayName or username',
    path: ['displayName'],
  });
export const idParam = z.object({ id: z.uuid('not a user id') });
export const searchQuery = z.object({
  query: trimmedSingleLineText(32, 'give a username prefix'),
  cursor: singleLineText()
    .max(64)
    .meta({ description: 'nextCursor of the previous page (the last username it showed, lower-cased).' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** An account as its owner sees it (GET /v1/users/me, and with the tokens of register and login). */
export const userJson = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string(),
    displayName: z.string(),
    version: z.number().int(),
    role: z.enum(USER_ROLES),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'User' });

/** What anyone may see of an account. */
export const publicUserJson = z
  .object({ id: z.uuid(), username: z.string(), displayName: z.string() })
  .meta({ id: 'PublicUser' });

export const publicUserPage = cursorPage(publicUserJson);

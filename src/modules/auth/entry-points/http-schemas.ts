import { z } from 'zod';
import { opaqueText, singleLineText } from '../../../platform/validation';
import { displayNameSchema, emailSchema, passwordSchema, userJson, usernameSchema } from '../../users';

/** Requests of /v1/auth (zod: a 422 naming the field). */
export const registerBody = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
});
export const loginBody = z
  .object({
    username: singleLineText().min(1).max(254).optional(),
    email: singleLineText().min(1).max(254).optional(),
    password: opaqueText().min(1).max(256),
  })
  .refine((body) => (body.username === undefined) !== (body.email === undefined), {
    message: 'give exactly one of username or email',
    path: ['username'],
  });
export const refreshBody = z.object({ refreshToken: opaqueText().min(1).max(512) });

/** A new access token (short-lived) and refresh token (rotated on every use). */
export const tokenPairJson = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires.' }),
    refreshToken: z.string(),
  })
  .meta({ id: 'TokenPair' });

/** Register and login: the account and a new session's tokens. */
export const sessionJson = z.object({ user: userJson, ...tokenPairJson.shape }).meta({ id: 'Session' });

import { z } from 'zod';
import { AppError } from '../../../platform/errors';
import { codePoints, opaqueText, trimmedSingleLineText } from '../../../platform/validation';

/** An account as its owner sees it. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  /** Incremented on every change; events carry it so projections apply changes in order. */
  readonly version: number;
  /** What the account may do beyond its own data: 'admin' reads analytics (docs/decisions/0020). */
  readonly role: UserRole;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Roles an account can have; everyone is a 'user', operators grant 'admin'. */
export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What anyone else may see of an account. */
export interface PublicUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

export const toPublicUser = (user: User): PublicUser => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
});

// Not trimmed: the documented pattern refuses spaces, so the server does too (schemathesis ST201).
export const usernameSchema = z
  .string()
  .min(3, 'at least 3 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[A-Za-z0-9_.]+$/, 'letters, digits, _ and . only');
function emailLengthsValid(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0 || email.length > 254) return true; // the format and max checks already speak for these
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  return local.length <= 64 && labels.every((label) => label.length <= 63 && !label.endsWith('-'));
}
// The document gives zod's own email pattern: `format: email` alone promises more than zod accepts.
export const emailSchema = z
  .email('not an email address')
  .max(254)
  .meta({ pattern: z.regexes.email.source })
  // What `format: email` adds to the pattern (RFC 5321/1035): a local part of at most 64
  // characters, domain labels of at most 63 that do not end in a hyphen (schemathesis ST201).
  .refine(emailLengthsValid, 'not an email address')
  .transform((email) => email.toLowerCase());
// Every rule is checked on the text as sent (before trimming), as the document says.
export const displayNameSchema = trimmedSingleLineText(64);
export const passwordSchema = opaqueText()
  .min(8, { message: 'at least 8 characters', abort: true }) // one issue for the field, not two
  .max(256, 'at most 256 characters')
  .refine((password) => codePoints(password) >= 8, 'at least 8 characters');

export const UserErrors = {
  notFound: () => new AppError('USER.NOT_FOUND', 'no such user'),
  usernameTaken: () =>
    new AppError('USER.ALREADY_EXISTS', 'that username is taken', {
      fields: [{ field: 'username', reason: 'taken' }],
    }),
  emailTaken: () =>
    new AppError('USER.ALREADY_EXISTS', 'that email is already registered', {
      fields: [{ field: 'email', reason: 'taken' }],
    }),
};

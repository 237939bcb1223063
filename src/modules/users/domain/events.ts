import type { UserRole } from './user';

/** The topic of every user event, keyed by user id. */
export const USERS_TOPIC = 'polychat.users.v1';

export const UserEventTypes = {
  registered: 'user.registered',
  updated: 'user.updated',
  deleted: 'user.deleted',
  /** An operator changed the account's role; profile projections ignore it (no profile change). */
  roleChanged: 'user.role_changed',
} as const;

/** Payload of user.registered and user.updated: what projections keep. No email, no secrets. */
export interface UserProfilePayload {
  readonly username: string;
  readonly displayName: string;
}

/** Payload of user.deleted: nothing but the id (in the envelope) and the final version. */
export type UserDeletedPayload = Record<string, never>;

/** Payload of user.role_changed: the role the account has from this version on. */
export interface UserRoleChangedPayload {
  readonly role: UserRole;
}

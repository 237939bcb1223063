/** The topic of every user event, keyed by user id. */
export const USERS_TOPIC = 'polychat.users.v1';

export const UserEventTypes = {
  registered: 'user.registered',
  updated: 'user.updated',
  deleted: 'user.deleted',
} as const;

/** Payload of user.registered and user.updated: what projections keep. No email, no secrets. */
export interface UserProfilePayload {
  readonly username: string;
  readonly displayName: string;
}

/** Payload of user.deleted: nothing but the id (in the envelope) and the final version. */
export type UserDeletedPayload = Record<string, never>;

import type { User } from '../domain/user';

export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
}

export interface ProfilePatch {
  readonly displayName?: string;
  readonly username?: string;
}

/** One page of a cursor listing. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * The users table and its outbox. Every write commits the row change and its event together;
 * `actorId` and `traceId` go into the event envelope.
 */
export interface UserRepository {
  create(user: NewUser, meta: EventMeta): Promise<User>;
  findById(id: string): Promise<User | undefined>;
  findCredentials(login: string): Promise<{ user: User; passwordHash: string } | undefined>;
  update(id: string, patch: ProfilePatch, meta: EventMeta): Promise<User>;
  /** Anonymises the row (a tombstone keeps the id) and revokes the account's refresh tokens. */
  erase(id: string, meta: EventMeta): Promise<void>;
  searchByUsernamePrefix(prefix: string, after: string | undefined, limit: number): Promise<Page<User>>;
}

export interface EventMeta {
  readonly actorId: string | null;
  readonly traceId: string | null;
}

export const USER_REPOSITORY = Symbol.for('polychat.users.UserRepository');

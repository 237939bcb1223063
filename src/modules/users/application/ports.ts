import type { EnvelopeMetadata } from '../../../platform/kafka';
import type { UserSnapshot } from '../domain/snapshot';
import type { User, UserRole } from '../domain/user';

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
  /** Gives the live account with this username (case-insensitive) `role`; emits user.role_changed. */
  setRole(username: string, role: UserRole, meta: EventMeta): Promise<User>;
  /** Anonymises the row (a tombstone keeps the id) and revokes the account's refresh tokens. */
  erase(id: string, meta: EventMeta): Promise<void>;
  searchByUsernamePrefix(prefix: string, after: string | undefined, limit: number): Promise<Page<User>>;
}

export interface EventMeta {
  readonly actorId: string | null;
  readonly traceId: string | null;
  /** Copied into the envelope: `{ source: 'import' }` marks a dataset import's events as history. */
  readonly metadata?: EnvelopeMetadata;
}

export const USER_REPOSITORY = Symbol.for('polychat.users.UserRepository');

/**
 * Every account, deleted ones included, as its current state (backfill and reconcile read the
 * owner store through it). Pages run in id order, which every projection can range over too.
 */
export interface UserSnapshotReader {
  /** Up to `limit` accounts with ids after `after` (all when undefined); only `ids` when given. */
  page(after: string | undefined, limit: number, ids?: readonly string[]): Promise<UserSnapshot[]>;
  /** How many accounts `page` walks through (for progress bars). */
  count(ids?: readonly string[]): Promise<number>;
}

export const USER_SNAPSHOTS = Symbol.for('polychat.users.UserSnapshotReader');

/**
 * Ends every login session of an account at once (its access tokens and WebSocket connections):
 * bound by the auth module, which owns sessions; the users module calls it on deletion.
 */
export interface AccountSessions {
  endAll(userId: string): Promise<void>;
}

export const ACCOUNT_SESSIONS = Symbol.for('polychat.users.AccountSessions');

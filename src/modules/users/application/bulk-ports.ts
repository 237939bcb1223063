import type { EventMeta } from './ports';

/**
 * An account as a dataset carries it: the id is kept as is, and the password is an argon2 hash
 * already (or null: the account has no password and cannot log in until one is set).
 */
export interface ImportedUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly createdAt: string;
}

/** What became of a batch: new accounts, ones already there by id, and ones refused. */
export interface UserImportOutcome {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /** The id is taken by a deleted account, or the username or email by another live account. */
  readonly conflicts: readonly { readonly id: string; readonly field: 'id' | 'username' | 'email' }[];
}

/** Bulk access to the users table for import and export; every insert commits with its events. */
export interface UserBulkStore {
  /** Inserts the batch in one transaction with a user.registered event per new account. */
  insertMany(users: readonly ImportedUser[], meta: EventMeta): Promise<UserImportOutcome>;
  /** Which of `ids` are live accounts. */
  liveIds(ids: readonly string[]): Promise<Set<string>>;
  /** Live accounts by id, the first `limit` after `afterId`. */
  pageAfter(afterId: string | null, limit: number): Promise<ImportedUser[]>;
}

export const USER_BULK_STORE = Symbol.for('polychat.users.UserBulkStore');

/**
 * Which accounts exist, read from the owner store: for other modules that must see an account the
 * moment it is registered, before their projection of it catches up (issue 13, item 11).
 */
export interface UserDirectory {
  /** The ids among `ids` that are live (registered, not deleted) accounts. */
  liveUserIds(ids: readonly string[]): Promise<Set<string>>;
}

export const USER_DIRECTORY = Symbol.for('polychat.users.UserDirectory');

import { inject, injectable } from 'inversify';
import { USER_BULK_STORE, type ImportedUser, type UserBulkStore, type UserImportOutcome } from './bulk-ports';
import type { EventMeta } from './ports';

/**
 * Creates accounts in bulk from a dataset (ids and password hashes kept, nothing hashed here):
 * the rows and their user.registered events commit together per batch, like a registration.
 * An id already present is left as it is, so a batch can be applied again.
 */
@injectable()
export class ImportUsers {
  constructor(@inject(USER_BULK_STORE) private readonly users: UserBulkStore) {}

  execute(users: readonly ImportedUser[], meta: EventMeta): Promise<UserImportOutcome> {
    return users.length === 0
      ? Promise.resolve({ created: [], existing: [], conflicts: [] })
      : this.users.insertMany(users, meta);
  }

  /** Which of `ids` are live accounts now. */
  liveIds(ids: readonly string[]): Promise<Set<string>> {
    return this.users.liveIds(ids);
  }
}

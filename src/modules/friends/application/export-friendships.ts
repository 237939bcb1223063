import { inject, injectable } from 'inversify';
import { FRIENDSHIP_BULK_STORE, type FriendshipBulkStore, type ImportedFriendship } from './bulk-friendships';

/** Reads friendships for export, a page of users at a time (each pair once, from its smaller id). */
@injectable()
export class ExportFriendships {
  constructor(@inject(FRIENDSHIP_BULK_STORE) private readonly store: FriendshipBulkStore) {}

  from(userIds: readonly string[]): Promise<ImportedFriendship[]> {
    return userIds.length === 0 ? Promise.resolve([]) : this.store.friendshipsFrom(userIds);
  }
}

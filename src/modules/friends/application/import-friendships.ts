import { inject, injectable } from 'inversify';
import {
  FRIENDSHIP_BULK_STORE,
  type BulkEventMeta,
  type FriendshipBulkStore,
  type FriendshipImportOutcome,
  type ImportedFriendship,
} from './bulk-friendships';

/**
 * Creates friendships in bulk from a dataset: the same edges and events a request and its
 * acceptance leave, a batch per transaction. A pair already friends is left as it is (so a batch
 * can be applied again); a blocked pair is refused.
 */
@injectable()
export class ImportFriendships {
  constructor(@inject(FRIENDSHIP_BULK_STORE) private readonly store: FriendshipBulkStore) {}

  execute(pairs: readonly ImportedFriendship[], meta: BulkEventMeta): Promise<FriendshipImportOutcome> {
    if (pairs.length === 0) return Promise.resolve({ created: [], existing: [], blocked: [] });
    return this.store.befriendMany(pairs, meta);
  }
}

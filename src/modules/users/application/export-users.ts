import { inject, injectable } from 'inversify';
import { USER_BULK_STORE, type ImportedUser, type UserBulkStore } from './bulk-ports';

/** Streams every live account, in id order, in the shape ImportUsers takes back. */
@injectable()
export class ExportUsers {
  constructor(@inject(USER_BULK_STORE) private readonly users: UserBulkStore) {}

  async *all(pageSize = 1000): AsyncGenerator<ImportedUser> {
    let after: string | null = null;
    for (;;) {
      const page = await this.users.pageAfter(after, pageSize);
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = last.id;
    }
  }
}

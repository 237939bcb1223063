import { inject, injectable } from 'inversify';
import { USER_REPOSITORY, type EventMeta, type UserRepository } from './ports';

/**
 * Erases the caller's account: the row becomes an anonymous tombstone, refresh tokens are revoked,
 * and user.deleted tells every other store to drop its copy.
 */
@injectable()
export class DeleteAccount {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  execute(userId: string, meta: EventMeta): Promise<void> {
    return this.users.erase(userId, meta);
  }
}

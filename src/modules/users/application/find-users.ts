import { inject, injectable } from 'inversify';
import { UserErrors, type User } from '../domain/user';
import { USER_REPOSITORY, type Page, type UserRepository } from './ports';

/** Reads of live accounts: by id, and by username prefix with a cursor. */
@injectable()
export class FindUsers {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  async byId(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw UserErrors.notFound();
    return user;
  }

  /** Credentials for login; undefined for an unknown login (the caller answers like a bad password). */
  credentials(login: string): Promise<{ user: User; passwordHash: string } | undefined> {
    return this.users.findCredentials(login);
  }

  search(prefix: string, cursor: string | undefined, limit: number): Promise<Page<User>> {
    return this.users.searchByUsernamePrefix(prefix, cursor, limit);
  }
}

import { inject, injectable } from 'inversify';
import type { User, UserRole } from '../domain/user';
import { USER_REPOSITORY, type EventMeta, type UserRepository } from './ports';

/**
 * Grants or withdraws a role (operators, through `npx polychat users grant-admin`); the change
 * commits with its user.role_changed event. The new role reaches the user's next access token.
 */
@injectable()
export class SetUserRole {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  execute(username: string, role: UserRole, meta: EventMeta): Promise<User> {
    return this.users.setRole(username, role, meta);
  }
}

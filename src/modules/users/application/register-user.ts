import { inject, injectable } from 'inversify';
import type { User } from '../domain/user';
import { USER_REPOSITORY, type EventMeta, type NewUser, type UserRepository } from './ports';

/**
 * Creates an account whose password was already hashed by the auth module; the user row and the
 * user.registered event commit together. A taken username or email is a 409 naming the field.
 */
@injectable()
export class RegisterUser {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  execute(input: NewUser, meta: EventMeta): Promise<User> {
    return this.users.create(input, meta);
  }
}

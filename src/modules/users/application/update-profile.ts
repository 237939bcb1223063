import { inject, injectable } from 'inversify';
import type { User } from '../domain/user';
import { USER_REPOSITORY, type EventMeta, type ProfilePatch, type UserRepository } from './ports';

/** Changes the caller's own display name or username; emits user.updated with the new version. */
@injectable()
export class UpdateProfile {
  constructor(@inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  execute(userId: string, patch: ProfilePatch, meta: EventMeta): Promise<User> {
    return this.users.update(userId, patch, meta);
  }
}

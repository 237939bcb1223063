import { inject, injectable } from 'inversify';
import { USER_DIRECTORY, type UserDirectory } from '../../users';
import { PROFILE_DIRECTORY, type ProfileDirectory } from './ports';

/**
 * Which users exist, as chat creation must see them: the chats module's profile projection first,
 * and the users module (the owner) for any it has not projected yet, so that a chat with someone
 * who registered a second ago works (docs/decisions/0034).
 */
@injectable()
export class KnownUsers {
  constructor(
    @inject(PROFILE_DIRECTORY) private readonly profiles: ProfileDirectory,
    @inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async existing(ids: readonly string[]): Promise<Set<string>> {
    const known = await this.profiles.existing(ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) for (const id of await this.users.liveUserIds(missing)) known.add(id);
    return known;
  }
}

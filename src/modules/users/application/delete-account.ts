import { inject, injectable } from 'inversify';
import { ACCOUNT_SESSIONS, USER_REPOSITORY, type AccountSessions, type EventMeta, type UserRepository } from './ports';

/**
 * Erases the caller's account: every session ends first (its access tokens are refused and its
 * WebSockets closed at once, not when they expire), then the row becomes an anonymous tombstone,
 * refresh tokens are revoked, and user.deleted tells every other store to drop its copy. Should the
 * erase fail, the account is only logged out everywhere: the safe side.
 */
@injectable()
export class DeleteAccount {
  constructor(
    @inject(USER_REPOSITORY) private readonly users: UserRepository,
    @inject(ACCOUNT_SESSIONS) private readonly sessions: AccountSessions,
  ) {}

  async execute(userId: string, meta: EventMeta): Promise<void> {
    await this.sessions.endAll(userId);
    await this.users.erase(userId, meta);
  }
}

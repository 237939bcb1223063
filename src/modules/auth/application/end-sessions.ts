import { inject, injectable } from 'inversify';
import type { AccountSessions } from '../../users';
import { REFRESH_TOKEN_STORE, SESSION_REVOCATIONS, type RefreshTokenStore, type SessionRevocations } from './ports';

/**
 * Ends every session of an account at once, on REST and WebSocket: logout everywhere (the user
 * may log in again right after) and account deletion (the users module calls `endAll` through its
 * AccountSessions port before erasing the account).
 */
@injectable()
export class EndSessions implements AccountSessions {
  constructor(
    @inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore,
    @inject(SESSION_REVOCATIONS) private readonly revocations: SessionRevocations,
  ) {}

  /** Logout everywhere: each of the user's sessions is revoked by id, so a new login still works. */
  async everywhere(userId: string, currentSessionId: string | undefined): Promise<void> {
    const sessionIds = await this.refresh.revokeAll(userId);
    if (currentSessionId) sessionIds.push(currentSessionId);
    await this.revocations.revokeSessions(userId, sessionIds);
  }

  /** Deletion: every token issued up to now is void (none can be issued for a deleted account). */
  async endAll(userId: string): Promise<void> {
    await this.revocations.revokeAllUntilNow(userId);
    await this.refresh.revokeAll(userId);
  }
}

import { inject, injectable } from 'inversify';
import { REFRESH_TOKEN_STORE, SESSION_REVOCATIONS, type RefreshTokenStore, type SessionRevocations } from './ports';

/**
 * Ends the session the refresh token belongs to, at once: its refresh tokens, its access tokens
 * and its WebSocket connections (4004). Idempotent.
 */
@injectable()
export class Logout {
  constructor(
    @inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore,
    @inject(SESSION_REVOCATIONS) private readonly revocations: SessionRevocations,
  ) {}

  async execute(refreshToken: string): Promise<void> {
    const session = await this.refresh.revokeFamily(refreshToken);
    if (session) await this.revocations.revokeSessions(session.userId, [session.sessionId]);
  }
}

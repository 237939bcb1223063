import { inject, injectable } from 'inversify';
import { AppError } from '../../../platform/errors';
import { FindUsers } from '../../users';
import { AuthErrors } from '../domain/errors';
import type { TokenPair } from '../domain/tokens';
import {
  ACCESS_TOKENS,
  REFRESH_TOKEN_STORE,
  SESSION_REVOCATIONS,
  type AccessTokens,
  type RefreshTokenStore,
  type SessionRevocations,
} from './ports';

/**
 * Trades a refresh token for a new pair (rotation) in the same session; a reused token ends its
 * session at once (access tokens and WebSockets too). The role is read afresh, so a granted or
 * withdrawn role reaches the next access token.
 */
@injectable()
export class RefreshSession {
  constructor(
    @inject(ACCESS_TOKENS) private readonly access: AccessTokens,
    @inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore,
    @inject(FindUsers) private readonly users: FindUsers,
    @inject(SESSION_REVOCATIONS) private readonly revocations: SessionRevocations,
  ) {}

  async execute(refreshToken: string): Promise<TokenPair> {
    const use = await this.refresh.rotate(refreshToken);
    if (use.kind === 'reused') {
      await this.revocations.revokeSessions(use.userId, [use.sessionId]);
      throw AuthErrors.refreshTokenReused();
    }
    if (use.kind === 'invalid') throw AuthErrors.invalidRefreshToken();
    const user = await this.users.byId(use.userId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'USER.NOT_FOUND') return undefined; // deleted meanwhile
      throw error;
    });
    if (!user) throw AuthErrors.invalidRefreshToken();
    const access = await this.access.issue({ userId: user.id, role: user.role, sessionId: use.sessionId });
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken: use.refreshToken };
  }
}

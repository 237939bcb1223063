import { inject, injectable } from 'inversify';
import type { TokenPair } from '../domain/tokens';
import { ACCESS_TOKENS, REFRESH_TOKEN_STORE, type AccessTokens, type RefreshTokenStore } from './ports';

/** Starts a session: a fresh refresh-token family (the session id) and an access token of it. */
@injectable()
export class IssueTokens {
  constructor(
    @inject(ACCESS_TOKENS) private readonly access: AccessTokens,
    @inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore,
  ) {}

  async forNewSession(user: { readonly id: string; readonly role: string }): Promise<TokenPair> {
    const { refreshToken, sessionId } = await this.refresh.issue(user.id);
    const access = await this.access.issue({ userId: user.id, role: user.role, sessionId });
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken };
  }
}

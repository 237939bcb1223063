import { inject, injectable } from 'inversify';
import type { TokenPair } from '../domain/tokens';
import { ACCESS_TOKENS, REFRESH_TOKEN_STORE, type AccessTokens, type RefreshTokenStore } from './ports';

/** Starts a session: a fresh refresh-token family and an access token. */
@injectable()
export class IssueTokens {
  constructor(
    @inject(ACCESS_TOKENS) private readonly access: AccessTokens,
    @inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore,
  ) {}

  async forNewSession(user: { readonly id: string; readonly role: string }): Promise<TokenPair> {
    const [access, refreshToken] = await Promise.all([
      this.access.issue({ userId: user.id, role: user.role }),
      this.refresh.issue(user.id),
    ]);
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken };
  }
}

import { inject, injectable } from 'inversify';
import { AuthErrors } from '../domain/errors';
import type { TokenPair } from '../domain/tokens';
import { ACCESS_TOKENS, REFRESH_TOKEN_STORE, type AccessTokens, type RefreshTokenStore } from './ports';

/** Trades a refresh token for a new pair (rotation); a reused token ends its session family. */
@injectable()
export class RefreshSession {
  constructor(
    @inject(ACCESS_TOKENS) private readonly access: AccessTokens,
    @inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore,
  ) {}

  async execute(refreshToken: string): Promise<TokenPair> {
    const use = await this.refresh.rotate(refreshToken);
    if (use.kind === 'reused') throw AuthErrors.refreshTokenReused();
    if (use.kind === 'invalid') throw AuthErrors.invalidRefreshToken();
    const access = await this.access.issue({ userId: use.userId });
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken: use.refreshToken };
  }
}

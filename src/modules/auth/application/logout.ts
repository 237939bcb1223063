import { inject, injectable } from 'inversify';
import { REFRESH_TOKEN_STORE, type RefreshTokenStore } from './ports';

/** Ends the session the refresh token belongs to; idempotent. */
@injectable()
export class Logout {
  constructor(@inject(REFRESH_TOKEN_STORE) private readonly refresh: RefreshTokenStore) {}

  execute(refreshToken: string): Promise<void> {
    return this.refresh.revokeFamily(refreshToken);
  }
}

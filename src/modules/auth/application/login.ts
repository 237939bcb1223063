import { inject, injectable } from 'inversify';
import { FindUsers, type User } from '../../users';
import { AuthErrors } from '../domain/errors';
import type { TokenPair } from '../domain/tokens';
import { IssueTokens } from './issue-tokens';
import { AUTH_RATE_LIMITER, PASSWORD_HASHER, type AuthRateLimiter, type PasswordHasher } from './ports';

/**
 * Logs in by username or email. An unknown login and a wrong password take the same time and get
 * the same 401. Failures count against the account from this IP (refused when spent), the IP, and
 * the account from everywhere (only slows it down): a stranger cannot lock the owner out.
 */
@injectable()
export class Login {
  constructor(
    @inject(FindUsers) private readonly users: FindUsers,
    @inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @inject(AUTH_RATE_LIMITER) private readonly limiter: AuthRateLimiter,
    @inject(IssueTokens) private readonly tokens: IssueTokens,
  ) {}

  async execute(login: string, password: string, ip: string): Promise<{ user: User } & TokenPair> {
    await this.limiter.hitFromIp(ip);
    const found = await this.users.credentials(login);
    // Counted by account id, so its username and its email share one budget.
    const account = found ? `user:${found.user.id}` : `login:${login.trim().toLowerCase()}`;
    await this.limiter.admitLogin(account, ip);
    const ok = found ? await this.hasher.verify(found.passwordHash, password) : await this.hasher.verifyDummy(password);
    if (!found || !ok) {
      await this.limiter.recordLoginFailure(account, ip);
      throw AuthErrors.invalidCredentials();
    }
    await this.limiter.recordLoginSuccess(account, ip);
    return { user: found.user, ...(await this.tokens.forNewSession(found.user)) };
  }
}

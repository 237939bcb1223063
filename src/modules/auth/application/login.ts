import { inject, injectable } from 'inversify';
import { FindUsers, type User } from '../../users';
import { AuthErrors } from '../domain/errors';
import type { TokenPair } from '../domain/tokens';
import { IssueTokens } from './issue-tokens';
import { AUTH_RATE_LIMITER, PASSWORD_HASHER, type AuthRateLimiter, type PasswordHasher } from './ports';

/**
 * Logs in by username or email. An unknown login and a wrong password take the same time and get
 * the same 401; failures count against the account and the IP.
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
    await this.limiter.assertAccountOpen(login);
    const found = await this.users.credentials(login);
    const ok = found ? await this.hasher.verify(found.passwordHash, password) : await this.hasher.verifyDummy(password);
    if (!found || !ok) {
      await this.limiter.recordLoginFailure(login);
      throw AuthErrors.invalidCredentials();
    }
    await this.limiter.clearLoginFailures(login);
    return { user: found.user, ...(await this.tokens.forNewSession(found.user)) };
  }
}

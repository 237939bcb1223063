import { inject, injectable } from 'inversify';
import { RegisterUser, type EventMeta, type User } from '../../users';
import type { TokenPair } from '../domain/tokens';
import { IssueTokens } from './issue-tokens';
import { AUTH_RATE_LIMITER, PASSWORD_HASHER, type AuthRateLimiter, type PasswordHasher } from './ports';

export interface Registration {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly displayName?: string;
}

/** Signs a new user up: rate-limited per IP, password hashed with argon2id, tokens issued at once. */
@injectable()
export class Register {
  constructor(
    @inject(RegisterUser) private readonly registerUser: RegisterUser,
    @inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @inject(AUTH_RATE_LIMITER) private readonly limiter: AuthRateLimiter,
    @inject(IssueTokens) private readonly tokens: IssueTokens,
  ) {}

  async execute(input: Registration, ip: string, meta: EventMeta): Promise<{ user: User } & TokenPair> {
    await this.limiter.hitFromIp(ip);
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.registerUser.execute(
      { username: input.username, email: input.email, displayName: input.displayName ?? input.username, passwordHash },
      meta,
    );
    return { user, ...(await this.tokens.forNewSession(user)) };
  }
}

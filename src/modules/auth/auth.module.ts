import { ContainerModule } from 'inversify';
import { ACCESS_TOKEN_VERIFIER, HTTP_ROUTE } from '../../platform/http';
import { IssueTokens } from './application/issue-tokens';
import { Login } from './application/login';
import { Logout } from './application/logout';
import { ACCOUNT_SESSIONS } from '../users';
import { EndSessions } from './application/end-sessions';
import {
  ACCESS_TOKENS,
  AUTH_RATE_LIMITER,
  PASSWORD_HASHER,
  REFRESH_TOKEN_STORE,
  SESSION_REVOCATIONS,
} from './application/ports';
import { RefreshSession } from './application/refresh-session';
import { Register } from './application/register';
import { Argon2PasswordHasher } from './data-access/argon2-password-hasher';
import { JwtAccessTokens } from './data-access/jwt-access-tokens';
import { PgRefreshTokenStore } from './data-access/pg-refresh-token-store';
import { RedisAuthRateLimiter } from './data-access/redis-auth-rate-limiter';
import { RedisSessionRevocations } from './data-access/redis-session-revocations';
import { AuthRouter } from './entry-points/auth-router';

/**
 * Credentials, sessions and tokens: register, login, refresh with rotation, logout (one session or
 * everywhere), and the end of every session when the users module deletes an account.
 */
export const authModule = new ContainerModule(({ bind }) => {
  bind(PASSWORD_HASHER).to(Argon2PasswordHasher);
  bind(JwtAccessTokens).toSelf();
  bind(ACCESS_TOKENS).toService(JwtAccessTokens);
  bind(ACCESS_TOKEN_VERIFIER).toService(JwtAccessTokens);
  bind(REFRESH_TOKEN_STORE).to(PgRefreshTokenStore);
  bind(AUTH_RATE_LIMITER).to(RedisAuthRateLimiter);
  bind(SESSION_REVOCATIONS).to(RedisSessionRevocations);
  bind(EndSessions).toSelf();
  bind(ACCOUNT_SESSIONS).toService(EndSessions);
  bind(IssueTokens).toSelf();
  bind(Register).toSelf();
  bind(Login).toSelf();
  bind(RefreshSession).toSelf();
  bind(Logout).toSelf();
  bind(HTTP_ROUTE).to(AuthRouter);
});

import { ContainerModule } from 'inversify';
import { ACCESS_TOKEN_VERIFIER, HTTP_ROUTE } from '../../platform/http';
import { IssueTokens } from './application/issue-tokens';
import { Login } from './application/login';
import { Logout } from './application/logout';
import { ACCESS_TOKENS, AUTH_RATE_LIMITER, PASSWORD_HASHER, REFRESH_TOKEN_STORE } from './application/ports';
import { RefreshSession } from './application/refresh-session';
import { Register } from './application/register';
import { Argon2PasswordHasher } from './data-access/argon2-password-hasher';
import { JwtAccessTokens } from './data-access/jwt-access-tokens';
import { PgRefreshTokenStore } from './data-access/pg-refresh-token-store';
import { RedisAuthRateLimiter } from './data-access/redis-auth-rate-limiter';
import { AuthRouter } from './entry-points/auth-router';

/** Credentials, sessions and tokens: register, login, refresh with rotation, logout. */
export const authModule = new ContainerModule(({ bind }) => {
  bind(PASSWORD_HASHER).to(Argon2PasswordHasher);
  bind(JwtAccessTokens).toSelf();
  bind(ACCESS_TOKENS).toService(JwtAccessTokens);
  bind(ACCESS_TOKEN_VERIFIER).toService(JwtAccessTokens);
  bind(REFRESH_TOKEN_STORE).to(PgRefreshTokenStore);
  bind(AUTH_RATE_LIMITER).to(RedisAuthRateLimiter);
  bind(IssueTokens).toSelf();
  bind(Register).toSelf();
  bind(Login).toSelf();
  bind(RefreshSession).toSelf();
  bind(Logout).toSelf();
  bind(HTTP_ROUTE).to(AuthRouter);
});

import { AppError } from '../../../platform/errors';

export const AuthErrors = {
  /** Same answer for an unknown login and a wrong password, so accounts cannot be probed. */
  invalidCredentials: () => new AppError('AUTH.INVALID_CREDENTIALS', 'wrong login or password'),
  invalidRefreshToken: () => new AppError('AUTH.UNAUTHENTICATED', 'the refresh token is invalid or expired'),
  refreshTokenReused: () =>
    new AppError('AUTH.UNAUTHENTICATED', 'the refresh token was already used; its session has been revoked', {
      reason: 'token_reused',
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('AUTH.RATE_LIMITED', 'too many attempts; try again later', { retryAfterSeconds }),
};

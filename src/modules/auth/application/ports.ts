import type { Principal } from '../../../platform/http';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Burns the same time as a real verify, for logins of unknown accounts. */
  verifyDummy(password: string): Promise<void>;
}

export interface AccessTokens {
  issue(principal: Principal): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<Principal>;
}

/** The outcome of presenting a refresh token. */
export type RefreshUse =
  | { readonly kind: 'rotated'; readonly userId: string; readonly refreshToken: string }
  | { readonly kind: 'reused' }
  | { readonly kind: 'invalid' };

/** Refresh tokens, stored hashed, grouped in families (one per login) for reuse detection. */
export interface RefreshTokenStore {
  /** Starts a new family for a login or registration; returns the opaque token. */
  issue(userId: string): Promise<string>;
  /** Rotates a live token; a rotated one presented again revokes its whole family. */
  rotate(token: string): Promise<RefreshUse>;
  /** Revokes the token's family; unknown tokens are ignored (logout is idempotent). */
  revokeFamily(token: string): Promise<void>;
}

/** Redis-backed counters for auth endpoints; throws AUTH.RATE_LIMITED when a budget is spent. */
export interface AuthRateLimiter {
  /** One attempt from this IP (register or login). */
  hitFromIp(ip: string): Promise<void>;
  /** Throws while this account has too many recent failed logins. */
  assertAccountOpen(login: string): Promise<void>;
  recordLoginFailure(login: string): Promise<void>;
  clearLoginFailures(login: string): Promise<void>;
}

export const PASSWORD_HASHER = Symbol.for('polychat.auth.PasswordHasher');
export const ACCESS_TOKENS = Symbol.for('polychat.auth.AccessTokens');
export const REFRESH_TOKEN_STORE = Symbol.for('polychat.auth.RefreshTokenStore');
export const AUTH_RATE_LIMITER = Symbol.for('polychat.auth.AuthRateLimiter');

import type { Principal, TokenSession } from '../../../platform/http';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Burns the same time as a real verify, for logins of unknown accounts. */
  verifyDummy(password: string): Promise<void>;
}

/** What an access token says: who, with which role, in which login session. */
export interface AccessClaims {
  readonly userId: string;
  readonly role: string;
  readonly sessionId: string;
}

export interface AccessTokens {
  issue(claims: AccessClaims): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<Principal>;
}

/** The outcome of presenting a refresh token. */
export type RefreshUse =
  | { readonly kind: 'rotated'; readonly userId: string; readonly sessionId: string; readonly refreshToken: string }
  | { readonly kind: 'reused'; readonly userId: string; readonly sessionId: string }
  | { readonly kind: 'invalid' };

/** A login session as the refresh-token store knows it: its family id is the session id. */
export interface SessionRef {
  readonly userId: string;
  readonly sessionId: string;
}

/** Refresh tokens, stored hashed, grouped in families (one per login: the session) for reuse detection. */
export interface RefreshTokenStore {
  /** Starts a new family for a login or registration; returns the opaque token and the session id. */
  issue(userId: string): Promise<{ refreshToken: string; sessionId: string }>;
  /** Rotates a live token; a rotated one presented again revokes its whole family. */
  rotate(token: string): Promise<RefreshUse>;
  /** Revokes the token's family; unknown tokens are ignored (logout is idempotent). */
  revokeFamily(token: string): Promise<SessionRef | undefined>;
  /** Revokes every family of the user; returns the session ids that may still have live access tokens. */
  revokeAll(userId: string): Promise<string[]>;
}

/**
 * Sessions ended before their access tokens expire (docs/decisions/0029-session-revocation.md):
 * checked on every authenticated request and WebSocket request, announced to live connections.
 */
export interface SessionRevocations {
  revokeSessions(userId: string, sessionIds: readonly string[]): Promise<void>;
  /** Voids every token of the user issued up to now (account deletion: no new ones can follow). */
  revokeAllUntilNow(userId: string): Promise<void>;
  isRevoked(userId: string, session: TokenSession): Promise<boolean>;
}

/** Redis-backed counters for auth endpoints; throws AUTH.RATE_LIMITED when a budget is spent. */
export interface AuthRateLimiter {
  /** One attempt from this IP (register or login). */
  hitFromIp(ip: string): Promise<void>;
  /**
   * Before a password is checked: refuses an (account, IP) pair or an IP with too many recent
   * failures, and slows down (waits) when the account has many failures from everywhere.
   */
  admitLogin(account: string, ip: string): Promise<void>;
  recordLoginFailure(account: string, ip: string): Promise<void>;
  recordLoginSuccess(account: string, ip: string): Promise<void>;
}

export const PASSWORD_HASHER = Symbol.for('polychat.auth.PasswordHasher');
export const ACCESS_TOKENS = Symbol.for('polychat.auth.AccessTokens');
export const REFRESH_TOKEN_STORE = Symbol.for('polychat.auth.RefreshTokenStore');
export const AUTH_RATE_LIMITER = Symbol.for('polychat.auth.AuthRateLimiter');
export const SESSION_REVOCATIONS = Symbol.for('polychat.auth.SessionRevocations');

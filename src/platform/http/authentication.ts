import type { RequestHandler, Response } from 'express';
import { AppError } from '../errors';

/** The login session an access token belongs to (docs/decisions/0029-session-revocation.md). */
export interface TokenSession {
  /** The session id (`sid` claim): one per login, kept across refreshes. */
  readonly id: string;
  /** `iat` and `exp` of the token, in seconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** Who is calling: established from a verified access token. */
export interface Principal {
  readonly userId: string;
  /** The account's role when the token was issued ('user' or 'admin'; see the users module). */
  readonly role: string;
  /** Set by the real verifier; absent only in fakes of tests that do not care about sessions. */
  readonly session?: TokenSession;
}

/**
 * Verifies an access token; throws AUTH.UNAUTHENTICATED when it is missing, bad, expired or its
 * session was revoked (logout, logout everywhere, account deletion).
 */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Principal>;
  /**
   * Whether the session of an already verified principal has been revoked since: long-lived
   * connections (the WebSocket gateway) ask before each request. Fakes may leave it out.
   */
  isRevoked?(principal: Principal): Promise<boolean>;
}

/** Bound by the auth module; HTTP routers and the WebSocket gateway use it. */
export const ACCESS_TOKEN_VERIFIER = Symbol.for('polychat.AccessTokenVerifier');

export const unauthenticated = (message = 'a valid access token is required'): AppError =>
  new AppError('AUTH.UNAUTHENTICATED', message);

/** The bearer token of an `Authorization` header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Middleware: rejects the request with 401 unless it carries a valid bearer access token. */
export function requireAuth(verifier: AccessTokenVerifier): RequestHandler {
  return (req, res, next) => {
    if (res.locals['principal']) {
      next(); // already verified by an outer router on the same path
      return;
    }
    const token = bearerToken(req.get('authorization'));
    if (!token) {
      next(unauthenticated());
      return;
    }
    verifier.verify(token).then(
      (principal) => {
        res.locals['principal'] = principal;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export const forbidden = (message: string): AppError => new AppError('AUTH.FORBIDDEN', message);

/**
 * Middleware after `requireAuth`: lets the request through only when the caller's token carries
 * `role`; anyone else gets 403 AUTH.FORBIDDEN (the endpoint's existence is not a secret).
 */
export function requireRole(role: string): RequestHandler {
  return (_req, res, next) => {
    const principal = res.locals['principal'] as Principal | undefined;
    if (!principal) {
      next(unauthenticated());
      return;
    }
    next(principal.role === role ? undefined : forbidden(`this needs the ${role} role`));
  };
}

/** The principal `requireAuth` established for this request. */
export function principalOf(res: Response): Principal {
  const principal = res.locals['principal'] as Principal | undefined;
  if (!principal) throw unauthenticated();
  return principal;
}

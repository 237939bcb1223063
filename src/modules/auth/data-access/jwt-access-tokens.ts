import { webcrypto } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { CONFIG, type Config } from '../../../config';
import { unauthenticated, type AccessTokenVerifier, type Principal } from '../../../platform/http';
import { USER_ROLES, type UserRole } from '../../users';
import {
  SESSION_REVOCATIONS,
  type AccessClaims,
  type AccessTokens,
  type SessionRevocations,
} from '../application/ports';

const ISSUER = 'polychat';
const AUDIENCE = 'polychat-api';

/** Claims every access token must carry (jose checks exp, iss, aud and the signature). */
const claimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
  role: z.enum(USER_ROLES).optional(),
});

/** The role a token carries; tokens minted before roles existed (no claim) are plain users. */
const roleOf = (role: UserRole | undefined): UserRole => role ?? 'user';

/**
 * Short-lived HS256 JWTs (jose): `sub` is the user id (a UUID), `sid` the login session, `role`
 * the account's role at issue time; `exp` and `iat` are required. A token of a revoked session is
 * refused like an expired one (docs/decisions/0029-session-revocation.md).
 */
@injectable()
export class JwtAccessTokens implements AccessTokens, AccessTokenVerifier {
  /**
   * The HMAC key, imported once: given the raw bytes, jose imports a WebCrypto key on every sign
   * and verify, which was a third of each authenticated request's signature cost.
   */
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly ttlSeconds: number;

  constructor(
    @inject(CONFIG) config: Config,
    @inject(SESSION_REVOCATIONS) private readonly revocations: SessionRevocations,
  ) {
    this.key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(config.JWT_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    this.ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(await this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<Principal> {
    const principal = await this.decode(token);
    if (await this.isRevoked(principal)) throw unauthenticated('the session of this access token has ended');
    return principal;
  }

  async isRevoked(principal: Principal): Promise<boolean> {
    if (!principal.session) return true; // only this class makes principals with sessions
    return this.revocations.isRevoked(principal.userId, principal.session);
  }

  /** Signature, issuer, audience, expiry and the required claims; anything wrong is a 401. */
  private async decode(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat', 'sub', 'sid'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
        throw unauthenticated('the access token is invalid or expired');
      }
      throw error;
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated('the access token is invalid or expired');
    const { sub, sid, iat, exp, role } = claims.data;
    return { userId: sub, role: roleOf(role), session: { id: sid, issuedAt: iat, expiresAt: exp } };
  }
}

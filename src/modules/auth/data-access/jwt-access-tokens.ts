import { inject, injectable } from 'inversify';
import { jwtVerify, SignJWT } from 'jose';
import { CONFIG, type Config } from '../../../config';
import { unauthenticated, type AccessTokenVerifier, type Principal } from '../../../platform/http';
import { USER_ROLES, type UserRole } from '../../users';
import type { AccessTokens } from '../application/ports';

const ISSUER = 'polychat';
const AUDIENCE = 'polychat-api';

/** The role a token carries; tokens minted before roles existed (no claim) are plain users. */
function roleClaim(value: unknown): UserRole {
  if (value === undefined) return 'user';
  const role = USER_ROLES.find((known) => known === value);
  if (!role) throw new Error('unknown role claim');
  return role;
}

/** Short-lived HS256 JWTs (jose): `sub` is the user id, `role` the account's role at issue time. */
@injectable()
export class JwtAccessTokens implements AccessTokens, AccessTokenVerifier {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;

  constructor(@inject(CONFIG) config: Config) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
    this.ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(principal: Principal): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ role: principal.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (!payload.sub) throw new Error('no subject');
      return { userId: payload.sub, role: roleClaim(payload['role']) };
    } catch {
      throw unauthenticated('the access token is invalid or expired');
    }
  }
}

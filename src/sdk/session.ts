/** An access token and the refresh token that renews it (the refresh token rotates on every use). */
export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Trades a refresh token for a new pair (POST /v1/auth/refresh); rejects when it is refused. */
export type RefreshTokens = (refreshToken: string) => Promise<Tokens>;

type Listener = (tokens: Tokens | undefined) => void;

/** The JWT's claims, or undefined when the token is not a readable JWT. */
function claimsOf(accessToken: string): { exp?: unknown; iat?: unknown } | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))) as {
      exp?: unknown;
      iat?: unknown;
    };
  } catch {
    return undefined;
  }
}

/** When the JWT says the token expires (ms since the epoch), or undefined when it cannot tell. */
export function tokenExpiresAt(accessToken: string): number | undefined {
  const exp = claimsOf(accessToken)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/**
 * How long before expiry to renew `accessToken`: `aheadMs`, but never more than a third of the
 * token's lifetime (a short-lived token would otherwise be renewed over and over).
 */
export function renewalLeadMs(accessToken: string, aheadMs: number): number {
  const claims = claimsOf(accessToken);
  if (typeof claims?.exp !== 'number' || typeof claims.iat !== 'number') return aheadMs;
  return Math.min(aheadMs, ((claims.exp - claims.iat) * 1000) / 3);
}

/**
 * The signed-in state shared by the REST client and every socket of one client: the current tokens,
 * and the one refresh in flight. Refresh tokens rotate and a reused one ends every session of the
 * user (docs/decisions/0029), so two concurrent refreshes must never both spend the same token:
 * callers that see a 401 at once all wait for the same refresh.
 */
export class TokenSession {
  private current: Tokens | undefined;
  private inFlight: Promise<Tokens> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly refresher: RefreshTokens,
    tokens?: Tokens,
  ) {
    this.current = tokens;
  }

  get tokens(): Tokens | undefined {
    return this.current;
  }

  get accessToken(): string | undefined {
    return this.current?.accessToken;
  }

  /** Sets (or clears, signing out locally) the tokens; listeners hear it (e.g. to persist them). */
  set(tokens: Tokens | undefined): void {
    this.current = tokens;
    for (const listener of this.listeners) listener(tokens);
  }

  /** Calls `listener` on every change of tokens (refresh, login, sign-out); returns the unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A new pair for the current refresh token, shared by every caller until it settles. With
   * `stale` (the access token a caller saw refused), a pair that already replaced it is returned
   * without another refresh. A refused refresh (401) clears the tokens: the user must sign in.
   */
  refresh(stale?: string): Promise<Tokens> {
    if (this.inFlight) return this.inFlight;
    const tokens = this.current;
    if (!tokens) return Promise.reject(new Error('not signed in'));
    if (stale !== undefined && tokens.accessToken !== stale) return Promise.resolve(tokens);
    const flight = this.refresher(tokens.refreshToken).then(
      (fresh) => {
        this.set(fresh);
        return fresh;
      },
      (error: unknown) => {
        if ((error as { status?: unknown }).status === 401) this.set(undefined);
        throw error;
      },
    );
    this.inFlight = flight.finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The access token, refreshed first when it expires within `minValidityMs` (see renewalLeadMs). */
  async fresh(minValidityMs: number, now = Date.now()): Promise<string | undefined> {
    const token = this.current?.accessToken;
    if (!token) return undefined;
    const expiresAt = tokenExpiresAt(token);
    if (expiresAt === undefined || expiresAt - now > renewalLeadMs(token, minValidityMs)) return token;
    return (await this.refresh(token)).accessToken;
  }
}

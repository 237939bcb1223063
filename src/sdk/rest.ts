import createClient, { type Client } from 'openapi-fetch';
import { PolychatApiError } from './errors.js';
import type { paths } from './schema.js';
import { TokenSession, type Tokens } from './session.js';
import type { components } from './schema.js';

/** The REST client: openapi-fetch over the generated `paths` (calls are type-checked). */
export type RestClient = Client<paths>;

type Schemas = components['schemas'];
/** What register and login answer: the account and a new session's tokens. */
export type SessionAnswer = Schemas['Session'];

export interface RestOptions {
  /** The api's origin, e.g. `http://127.0.0.1:8080` (no trailing slash needed). */
  readonly baseUrl: string;
  /** Tokens of an existing session (e.g. restored from storage). */
  readonly tokens?: Tokens;
  /** A fetch to use instead of the global one. */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Refresh ahead of a request when the access token expires within this many ms (default 5000). */
  readonly refreshAheadMs?: number;
}

/** Paths whose 401 means wrong credentials, not an expired access token: never refreshed. */
const CREDENTIAL_PATHS = ['/v1/auth/login', '/v1/auth/register', '/v1/auth/refresh', '/v1/auth/logout'];

/**
 * Resolves a call of the REST client to its data, or throws PolychatApiError with the API's
 * stable error code, status and fields.
 */
export async function unwrap<T>(
  call: Promise<{ data: T; error?: never; response: Response } | { data?: never; error: unknown; response: Response }>,
): Promise<DataOf<T>> {
  const result = await call;
  if (result.error !== undefined || !result.response.ok) {
    throw PolychatApiError.fromResponse(result.response.status, result.error);
  }
  return result.data as DataOf<T>;
}

/** A success's body: openapi-fetch types it as possibly undefined; only a bodiless answer (204) is. */
export type DataOf<T> = [Exclude<T, undefined>] extends [never] ? undefined : Exclude<T, undefined>;

/**
 * The REST side of the SDK: `rest` sends every call with the session's bearer token, refreshes it
 * ahead of expiry and once more on a 401 (one refresh in flight for every caller), then retries the
 * call once with the new token.
 */
export function createRest(options: RestOptions): { rest: RestClient; session: TokenSession; raw: RestClient } {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const raw = createClient<paths>({ baseUrl, fetch: baseFetch });
  const session = new TokenSession(async (refreshToken) => {
    const pair = await unwrap(raw.POST('/v1/auth/refresh', { body: { refreshToken } }));
    return { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  }, options.tokens);
  const aheadMs = options.refreshAheadMs ?? 5000;

  const authFetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (CREDENTIAL_PATHS.includes(path) || request.headers.has('authorization')) return baseFetch(request);
    const token = await session.fresh(aheadMs).catch(() => session.accessToken);
    if (!token) return baseFetch(request);
    const retry = request.clone();
    request.headers.set('authorization', `Bearer ${token}`);
    const response = await baseFetch(request);
    if (response.status !== 401) return response;
    const fresh = await session.refresh(token).catch(() => undefined);
    if (!fresh) return response;
    retry.headers.set('authorization', `Bearer ${fresh.accessToken}`);
    return baseFetch(retry);
  };
  const rest = createClient<paths>({ baseUrl, fetch: authFetch });
  return { rest, session, raw };
}

import { createRest, unwrap, type RestClient, type RestOptions, type SessionAnswer } from './rest.js';
import type { paths } from './schema.js';
import type { TokenSession, Tokens } from './session.js';
import { PolychatSocket, type SocketOptions } from './socket.js';

export type PolychatClientOptions = RestOptions;

/** Socket options; `url` defaults to the client's baseUrl with ws(s):// and /v1/ws. */
export type ClientSocketOptions = Omit<SocketOptions, 'url'> & { readonly url?: string };

/** A polychat client: typed REST calls, the session's tokens, and live sockets sharing them. */
export interface PolychatClient {
  /** openapi-fetch over the generated paths: `rest.GET('/v1/chats/{id}', { params: { path: { id } } })`. */
  readonly rest: RestClient;
  /** The tokens, shared by REST and sockets; `session.onChange` to persist them. */
  readonly session: TokenSession;
  /** Creates an account and signs in with it. */
  register(body: RegisterBody): Promise<SessionAnswer>;
  /** Signs in with a username (or email) and password. */
  login(body: LoginBody): Promise<SessionAnswer>;
  /** Ends this session on the server (its refresh token) and forgets the tokens. */
  logout(): Promise<void>;
  /** A live socket on this client's session (not connected until `connect()`). */
  socket(options?: ClientSocketOptions): PolychatSocket;
}

type PostBody<P extends '/v1/auth/register' | '/v1/auth/login'> =
  paths[P]['post']['requestBody']['content']['application/json'];
export type RegisterBody = PostBody<'/v1/auth/register'>;
export type LoginBody = PostBody<'/v1/auth/login'>;

const tokensOf = (answer: SessionAnswer): Tokens => ({
  accessToken: answer.accessToken,
  refreshToken: answer.refreshToken,
});

/** The WebSocket URL of an api origin: http -> ws, https -> wss, path /v1/ws. */
export function webSocketUrlOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/ws`;
  return url.toString();
}

/** Creates a client of the polychat api at `options.baseUrl`. */
export function createPolychatClient(options: PolychatClientOptions): PolychatClient {
  const { rest, session, raw } = createRest(options);
  return {
    rest,
    session,
    async register(body) {
      const answer = await unwrap(raw.POST('/v1/auth/register', { body }));
      session.set(tokensOf(answer));
      return answer;
    },
    async login(body) {
      const answer = await unwrap(raw.POST('/v1/auth/login', { body }));
      session.set(tokensOf(answer));
      return answer;
    },
    async logout() {
      const refreshToken = session.tokens?.refreshToken;
      session.set(undefined);
      if (refreshToken) await unwrap(raw.POST('/v1/auth/logout', { body: { refreshToken } }));
    },
    socket(socketOptions = {}) {
      return new PolychatSocket(session, {
        ...socketOptions,
        url: socketOptions.url ?? webSocketUrlOf(options.baseUrl),
      });
    },
  };
}

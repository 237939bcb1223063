/**
 * The polychat SDK: a typed client of the REST API and the WebSocket protocol, importable on its own
 * (no server code; runs in Node 20+ and browsers).
 *
 * API overview
 *   const client = createPolychatClient({ baseUrl: 'http://127.0.0.1:8080', tokens?, fetch? })
 *   client.register(body) / client.login({ username, password }) / client.logout()
 *   client.session            tokens shared by REST and sockets; .onChange(fn) to persist them,
 *                             .refresh() (one refresh in flight for every caller)
 *   client.rest.GET|POST|PUT|PATCH|DELETE(path, { params: { path, query }, body })
 *                             openapi-fetch over the generated `paths` (src/sdk/schema.ts): an unknown
 *                             path, a wrong param or body is a compile error. Bearer token added,
 *                             refreshed ahead of expiry and once on a 401, then the call retried.
 *                             Answers `{ data } | { error }`; `await unwrap(call)` gives the data or
 *                             throws PolychatApiError { status, code, message, fields, field, traceId }.
 *   const socket = client.socket({ WebSocket?, reconnect?, syncLimit?, ... })
 *                             (Node: pass `WebSocket` from the ws package; browsers: the global one)
 *   socket.on('message.new' | 'message.updated' | ... | 'socket:open' | 'socket:synced' |
 *             'socket:close' | 'socket:error', handler) -> unsubscribe; payloads typed by frame type
 *   await socket.connect()    authenticated and caught up; reconnects with jittered backoff,
 *                             refreshing the token first when due, and re-authenticates before the
 *                             token expires
 *   socket.track(chatId, lastSeq)   catch this chat up by `sync` from lastSeq now and after every
 *                             reconnect (chats seen live are tracked by themselves); each message is
 *                             passed on once (by id), live or synced
 *   socket.request(type, payload) -> the ack's typed result (PolychatApiError when refused)
 *   socket.sendMessage(chatId, body, { replyTo? })  retried across reconnects, same clientMsgId
 *   socket.close()
 *   FrameConnection           one raw socket (no reconnect): typed requests, raw frames (tests)
 * Generated: src/sdk/openapi.json + schema.ts (REST), ws-protocol.json + ws-schema.ts (frames), by
 * `npm run sdk:generate`; src/sdk/generated.test.ts fails when they are stale.
 */
export {
  createPolychatClient,
  webSocketUrlOf,
  type ClientSocketOptions,
  type LoginBody,
  type PolychatClient,
  type PolychatClientOptions,
  type RegisterBody,
} from './client.js';
export {
  FrameConnection,
  type CloseInfo,
  type ConnectionOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './connection.js';
export { PolychatApiError, PolychatSocketClosedError, type ApiErrorBody, type FieldError } from './errors.js';
export { CLOSE_CODES } from './close-codes.js';
export type {
  AckResults,
  ClientPayloads,
  Frame,
  Message,
  ReplyOf,
  RequestType,
  ServerFrame,
  ServerFrameType,
  ServerPayloads,
} from './frames.js';
export { createRest, unwrap, type RestClient, type RestOptions, type SessionAnswer } from './rest.js';
export type { components, operations, paths } from './schema.js';
export { renewalLeadMs, TokenSession, tokenExpiresAt, type RefreshTokens, type Tokens } from './session.js';
export {
  PolychatSocket,
  type ReconnectOptions,
  type SocketClosed,
  type SocketEvents,
  type SocketOptions,
  type SocketState,
} from './socket.js';
export type * from './types.js';

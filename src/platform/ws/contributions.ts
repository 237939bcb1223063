/** A frame the server sends: `{ type, id?, payload }` (docs/ws-protocol.md). */
export interface ServerFrame {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

/** One authenticated WebSocket connection (one device of a user) as handlers see it. */
export interface WsConnection {
  readonly id: string;
  readonly userId: string;
  send(frame: ServerFrame): void;
}

/**
 * Handles one client frame type; its result becomes `ack { id, ok: true, result }` and an AppError
 * it throws becomes `ack { id, ok: false, error }`. A handler with `replyType` answers with a frame
 * of that type (same id) instead of an ack, e.g. `sync` -> `sync.result`.
 */
export interface WsHandler {
  readonly type: string;
  readonly replyType?: string;
  handle(payload: unknown, connection: WsConnection): Promise<unknown>;
}

/** Multi-bound by feature modules; the gateway dispatches frames by `type`. */
export const WS_HANDLER = Symbol.for('polychat.WsHandler');

/**
 * Told when a connection has authenticated and when it has gone (presence, notifications, typing).
 * `connected` runs before the `auth` ack, so a client that gets its ack is already counted online.
 */
export interface WsConnectionListener {
  connected(connection: WsConnection): Promise<void>;
  disconnected(connection: WsConnection): Promise<void>;
}

export const WS_CONNECTION_LISTENER = Symbol.for('polychat.WsConnectionListener');

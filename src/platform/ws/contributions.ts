/** A frame the server sends: `{ type, id?, payload }` (docs/ws-protocol.md). */
export interface ServerFrame {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

/** One live WebSocket connection as handlers see it. */
export interface WsConnection {
  readonly id: string;
  send(frame: ServerFrame): void;
}

/**
 * Handles one client frame type; its result becomes `ack { id, ok: true, result }` and an AppError
 * it throws becomes `ack { id, ok: false, error }`.
 */
export interface WsHandler {
  readonly type: string;
  handle(payload: unknown, connection: WsConnection): Promise<unknown>;
}

/** Multi-bound by feature modules; the gateway dispatches frames by `type`. */
export const WS_HANDLER = Symbol.for('polychat.WsHandler');

import { PolychatApiError, PolychatSocketClosedError } from './errors.js';
import type { AckError, ClientPayloads, Frame, ReplyOf, RequestType } from './frames.js';

/**
 * What the SDK needs of a WebSocket: the browser's global `WebSocket` and the `ws` package's both
 * fit (handlers are typed `never` so either's event types are accepted).
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** `WebSocket` of the browser, or `import WebSocket from 'ws'` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** How a connection ended. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

export interface ConnectionOptions {
  /** ws:// or wss:// URL of /v1/ws. */
  readonly url: string;
  readonly WebSocket: WebSocketConstructor;
  /** A request not answered within this many ms is rejected (default 30 000). */
  readonly requestTimeoutMs?: number;
}

const OPEN = 1;
let connections = 0;

interface Pending {
  resolve(frame: Frame): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One WebSocket to /v1/ws, no reconnecting: frames in and out, requests matched to their replies
 * by id. PolychatSocket builds reconnects, catch-up and events on it; tests use it for raw frames.
 */
export class FrameConnection {
  /** The transport, as the constructor made it (e.g. a `ws` instance in Node). */
  readonly socket: WebSocketLike;
  /** Settles when the socket has closed, from either side. */
  readonly closed: Promise<CloseInfo>;
  /** Every frame received; set by the owner. */
  onFrame: (frame: Frame) => void = () => undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = `${(connections += 1).toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  private counter = 0;
  private closeInfo: CloseInfo | undefined;

  private constructor(
    socket: WebSocketLike,
    private readonly requestTimeoutMs: number,
  ) {
    this.socket = socket;
    socket.onmessage = (event: { data: unknown }) => this.receive(event.data);
    this.closed = new Promise((resolve) => {
      socket.onclose = (event: { code: number; reason: string }) => {
        const info = { code: event.code, reason: typeof event.reason === 'string' ? event.reason : '' };
        this.closeInfo = info;
        for (const [, waiter] of this.pending) {
          clearTimeout(waiter.timer);
          waiter.reject(new PolychatSocketClosedError(info.code, info.reason));
        }
        this.pending.clear();
        resolve(info);
      };
    });
  }

  /** Opens the socket; rejects when it cannot open (refused, closed before opening). */
  static open(options: ConnectionOptions): Promise<FrameConnection> {
    const socket = new options.WebSocket(options.url);
    const connection = new FrameConnection(socket, options.requestTimeoutMs ?? 30_000);
    return new Promise((resolve, reject) => {
      socket.onopen = () => resolve(connection);
      socket.onerror = () => undefined; // a failure to open is reported by the close that follows
      void connection.closed.then((info) => reject(new PolychatSocketClosedError(info.code, info.reason)));
    });
  }

  get isOpen(): boolean {
    return this.closeInfo === undefined && this.socket.readyState === OPEN;
  }

  /** Sends a frame (or any text, e.g. a malformed frame in a test) as it is. */
  send(frame: Frame | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends `{type, id, payload}` and resolves with the frame that replies to its id. */
  requestFrame(type: string, payload?: unknown): Promise<Frame> {
    if (this.closeInfo)
      return Promise.reject(new PolychatSocketClosedError(this.closeInfo.code, this.closeInfo.reason));
    this.counter += 1;
    const id = `${this.prefix}-${this.counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply to ${type} within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send(payload === undefined ? { type, id } : { type, id, payload });
    });
  }

  /**
   * A typed request: resolves with its ack's result (`sync`: the `sync.result` payload); a failed
   * ack throws PolychatApiError with the API's code and fields (status 0).
   */
  async request<T extends RequestType>(type: T, payload: ClientPayloads[T]): Promise<ReplyOf<T>> {
    const reply = await this.requestFrame(type, payload);
    if (reply.type !== 'ack') return reply.payload as ReplyOf<T>;
    const ack = reply.payload as { ok: boolean; result?: unknown; error?: AckError };
    if (!ack.ok) throw new PolychatApiError(0, ack.error ?? { code: 'WS.ERROR', message: 'request refused' });
    return ack.result as ReplyOf<T>;
  }

  /** `ping` -> `pong`. */
  async ping(): Promise<void> {
    await this.requestFrame('ping');
  }

  /** Closes from this side; resolves once closed. */
  close(code?: number, reason?: string): Promise<CloseInfo> {
    if (!this.closeInfo) this.socket.close(code, reason);
    return this.closed;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return; // the protocol has text frames only
    let frame: Frame;
    try {
      frame = JSON.parse(data) as Frame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string') return;
    const waiter = frame.id === undefined ? undefined : this.pending.get(frame.id);
    if (waiter && frame.id !== undefined) {
      this.pending.delete(frame.id);
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
    }
    this.onFrame(frame);
  }
}

/**
 * Pings when nothing came for `everyMs` (browsers cannot see the server's protocol pings) and drops
 * a connection whose `pong` does not come within as long, so a dead link is noticed. 0 turns it off.
 */
export function keepAlive(connection: FrameConnection, everyMs: number): void {
  if (everyMs <= 0) return;
  let last = Date.now();
  const seen = connection.onFrame;
  connection.onFrame = (frame) => {
    last = Date.now();
    seen(frame);
  };
  const timer = setInterval(() => {
    if (!connection.isOpen || Date.now() - last < everyMs) return;
    const deadline = setTimeout(() => connection.socket.close(4000, 'no pong'), everyMs);
    const stop = () => clearTimeout(deadline);
    connection.ping().then(stop, stop);
  }, everyMs);
  (timer as { unref?: () => void }).unref?.();
  void connection.closed.then(() => clearInterval(timer));
}

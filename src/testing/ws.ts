import WebSocket from 'ws';
import { FrameConnection, webSocketUrlOf, type Frame } from '../sdk/index.js';

export type { Frame };

export interface Ack<T = unknown> {
  readonly ok: boolean;
  readonly result?: T;
  readonly error?: { code: string; message: string; details?: { fields?: { field: string; reason: string }[] } };
}

/**
 * A client of /v1/ws for protocol tests, on the SDK's FrameConnection (one socket, no reconnect):
 * records every frame and waits for the ones a test expects; also sends raw or malformed frames
 * (`send`) and reaches the `ws` socket itself (`socket`). Tests of the SDK's reconnecting client
 * use PolychatSocket (src/sdk).
 */
export class WsTestClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** The `ws` transport (to send binary frames, pause reading, or cut the connection). */
  readonly socket: WebSocket;
  private waiters: (() => void)[] = [];

  private constructor(readonly connection: FrameConnection) {
    this.socket = connection.socket as WebSocket;
    connection.onFrame = (frame) => {
      this.frames.push(frame);
      this.wake();
    };
    this.closed = connection.closed.then((info) => {
      this.wake();
      return info;
    });
  }

  /** Opens a connection; with `token`, authenticates by the first `auth` frame (or the header). */
  static async connect(
    base: string,
    options: { token?: string; via?: 'frame' | 'header'; autoPong?: boolean } = {},
  ): Promise<WsTestClient> {
    const headers =
      options.token && options.via === 'header' ? { authorization: `Bearer ${options.token}` } : undefined;
    const settings = { headers, autoPong: options.autoPong ?? true };
    const connection = await FrameConnection.open({
      url: webSocketUrlOf(base),
      WebSocket: class extends WebSocket {
        constructor(url: string) {
          super(url, settings);
        }
      },
      requestTimeoutMs: 10_000,
    });
    const client = new WsTestClient(connection);
    if (options.token && options.via !== 'header') {
      const ack = await client.request('auth', { token: options.token });
      if (!ack.ok) throw new Error(`auth failed: ${JSON.stringify(ack)}`);
    } else if (options.token) {
      await client.next((frame) => frame.type === 'ack' && frame.id === undefined, 'auth ack');
    }
    return client;
  }

  send(frame: Frame | string): void {
    this.connection.send(frame);
  }

  /** Sends a request frame and waits for the reply with its id (an ack, or `replyType`). */
  async request<T = unknown>(type: string, payload: unknown, replyType = 'ack'): Promise<Ack<T>> {
    const reply = await this.connection.requestFrame(type, payload);
    if (reply.type === replyType && replyType !== 'ack') return { ok: true, result: reply.payload as T };
    return reply.payload as Ack<T>;
  }

  /** The first frame (already received or coming) that matches; fails after `ms`. */
  async next(match: (frame: Frame) => boolean, what: string, ms = 10_000): Promise<Frame> {
    const deadline = Date.now() + ms;
    let seen = 0;
    for (;;) {
      for (; seen < this.frames.length; seen += 1) {
        const frame = this.frames[seen];
        if (frame && match(frame)) return frame;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Frames of one type received so far. */
  ofType<T = unknown>(type: string): T[] {
    return this.frames.filter((frame) => frame.type === type).map((frame) => frame.payload as T);
  }

  close(): Promise<{ code: number; reason: string }> {
    return this.connection.close();
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

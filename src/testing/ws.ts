import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface Frame {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

export interface Ack<T = unknown> {
  readonly ok: boolean;
  readonly result?: T;
  readonly error?: { code: string; message: string; details?: { fields?: { field: string; reason: string }[] } };
}

/** A real `ws` client of /v1/ws that records every frame and waits for the ones a test expects. */
export class WsTestClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  /** Opens a connection; with `token`, authenticates by the first `auth` frame (or the header). */
  static async connect(
    base: string,
    options: { token?: string; via?: 'frame' | 'header'; autoPong?: boolean } = {},
  ): Promise<WsTestClient> {
    const url = `${base.replace(/^http/, 'ws')}/v1/ws`;
    const headers =
      options.token && options.via === 'header' ? { authorization: `Bearer ${options.token}` } : undefined;
    const socket = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new WsTestClient(socket);
    if (options.token && options.via !== 'header') {
      const ack = await client.request('auth', { token: options.token });
      if (!ack.ok) throw new Error(`auth failed: ${JSON.stringify(ack)}`);
    } else if (options.token) {
      await client.next((frame) => frame.type === 'ack' && frame.id === undefined, 'auth ack');
    }
    return client;
  }

  send(frame: Frame | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a request frame and waits for the reply with its id (an ack, or `replyType`). */
  async request<T = unknown>(type: string, payload: unknown, replyType = 'ack'): Promise<Ack<T>> {
    const id = randomUUID();
    this.send({ type, id, payload });
    const reply = await this.next((frame) => frame.id === id, `reply to ${type}`);
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
    this.socket.close();
    return this.closed;
  }
}

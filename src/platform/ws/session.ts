import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Principal } from '../http';
import type { ServerFrame, WsConnection } from './contributions';
import { WS_CLOSE } from './frames';

/** What a session reports (metrics, logs). */
export interface SessionEvents {
  sent(type: string): void;
  tooSlow(): void;
  failed(error: unknown): void;
}

/**
 * One socket's state: who it is once authenticated, whether it answered the last heartbeat, and a
 * queue that runs its frames one at a time (so a client's requests are applied in the order sent).
 */
export class Session {
  readonly id = randomUUID();
  connection: WsConnection | undefined;
  /** The principal of the newest token the connection presented (its session and expiry). */
  principal: Principal | undefined;
  alive = true;
  closed = false;
  authTimer: NodeJS.Timeout | undefined;
  /** Closes the connection (4003) when its token expires, unless a fresh `auth` moved it on. */
  expiryTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly events: SessionEvents,
  ) {}

  /** Sends unless the socket is closing; a reader that lets its buffer pass the bound is dropped. */
  send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      if (!this.closed) this.events.tooSlow();
      this.closed = true;
      this.close(WS_CLOSE.tooSlow, 'reading too slowly');
      // The close frame would queue behind the unread data: do not wait for it.
      setTimeout(() => this.socket.terminate(), 1000).unref();
      return;
    }
    this.socket.send(JSON.stringify(frame));
    this.events.sent(frame.type);
  }

  /** Runs `work` after everything queued before it; returns how many are waiting. */
  enqueue(work: () => Promise<void>): number {
    this.queued += 1;
    this.queue = this.queue
      .then(work)
      .catch((error: unknown) => this.events.failed(error))
      .finally(() => {
        this.queued -= 1;
      });
    return this.queued;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  /** Heartbeat: drop a socket that did not answer the previous ping, then ping again. */
  heartbeat(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  terminate(): void {
    this.socket.terminate();
  }
}

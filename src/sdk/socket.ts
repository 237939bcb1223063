import mitt, { type Emitter } from 'mitt';
import { CatchUpLedger, syncChats } from './catch-up.js';
import { FrameConnection, keepAlive, type CloseInfo, type WebSocketConstructor } from './connection.js';
import { PolychatApiError, PolychatSocketClosedError } from './errors.js';
import { CLOSE_CODES } from './close-codes.js';
import type { AckResults, ClientPayloads, Frame, Message, ReplyOf, RequestType, ServerPayloads } from './frames.js';
import { renewalLeadMs, tokenExpiresAt, type TokenSession } from './session.js';

export interface ReconnectOptions {
  /** First retry's delay cap in ms (default 250); it doubles per failed attempt. */
  readonly initialDelayMs?: number;
  /** The cap's ceiling in ms (default 10 000). Each delay is random in [0, cap) (full jitter). */
  readonly maxDelayMs?: number;
}

export interface SocketOptions {
  /** ws(s)://host/v1/ws. */
  readonly url: string;
  /** The WebSocket class: the browser's global one by default; in Node pass `ws`'s. */
  readonly WebSocket?: WebSocketConstructor;
  /** Reconnect settings, or false for a single connection. */
  readonly reconnect?: ReconnectOptions | false;
  /** Messages per chat per `sync` page (default 200, at most 500). */
  readonly syncLimit?: number;
  /** Refresh the token and re-authenticate this long before it expires (default 30 000 ms). */
  readonly refreshAheadMs?: number;
  /** Send `ping` after this long without a frame and drop the connection if no `pong` (default 25 000 ms, 0 = off). */
  readonly pingIntervalMs?: number;
  readonly requestTimeoutMs?: number;
  /** Random numbers in [0, 1) for the jitter (tests). */
  readonly random?: () => number;
}

/** Why the socket is not (or no longer) connected. */
export interface SocketClosed extends CloseInfo {
  /** True when it reconnects by itself after `delayMs`. */
  readonly reconnecting: boolean;
  readonly delayMs?: number;
}

/** Events: every server frame by its type (typed payload), and the socket's own `socket:*` ones. */
export type SocketEvents = { [K in keyof ServerPayloads]: ServerPayloads[K] } & {
  /** Authenticated (first time or again after a reconnect); live frames flow. */
  'socket:open': { readonly userId: string; readonly reconnected: boolean };
  /** Every tracked chat was caught up by `sync` after (re)connecting. */
  'socket:synced': { readonly chats: readonly { chatId: string; lastSeq: number }[] };
  'socket:close': SocketClosed;
  /** A failure that is not a request's (a catch-up that failed, a refused re-authentication). */
  'socket:error': Error;
};

export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

const sleep = (ms: number, signal: { wake?: () => void }): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/** The server or the refresh endpoint refused the credentials (not a network failure). */
const isAuthFailure = (error: unknown): boolean =>
  (error as { status?: unknown }).status === 401 ||
  (error instanceof PolychatApiError && error.code === 'AUTH.UNAUTHENTICATED');

/** Whether a close means the session is over (no reconnect with these tokens). */
const isFatal = (code: number): boolean => code === CLOSE_CODES.sessionRevoked;

/**
 * The live side of the SDK: a WebSocket to /v1/ws that authenticates with the session's token,
 * renews it before it expires, reconnects with jittered backoff, and after every (re)connect
 * catches up each tracked chat by `sync` from the last seq it has, so nothing is missed; messages
 * are passed on once (by id), whether they came live or by sync.
 */
export class PolychatSocket {
  private readonly emitter: Emitter<SocketEvents> = mitt<SocketEvents>();
  private readonly ledger = new CatchUpLedger();
  private current: FrameConnection | undefined;
  private status: SocketState = 'idle';
  private stopped = false;
  private running: Promise<void> | undefined;
  private opened: { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void };
  private readonly wakeup: { wake?: () => void } = {};
  private readonly gapSyncs = new Set<string>();
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private userId: string | undefined;
  private readonly offTokens: () => void;
  private readonly WebSocket: WebSocketConstructor;

  constructor(
    private readonly session: TokenSession,
    private readonly options: SocketOptions,
  ) {
    const found = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!found) throw new Error('no WebSocket class: pass options.WebSocket (in Node: the ws package)');
    this.WebSocket = found;
    this.opened = this.deferred();
    this.offTokens = session.onChange((tokens) => {
      const connection = this.current;
      if (tokens && connection?.isOpen && this.status === 'open') {
        connection.request('auth', { token: tokens.accessToken }).catch((error: unknown) => this.fail(error));
        this.scheduleRenewal(tokens.accessToken);
      }
    });
  }

  get state(): SocketState {
    return this.status;
  }

  /** The open connection (its `socket` is the transport), if any: for tests and diagnostics. */
  get connection(): FrameConnection | undefined {
    return this.current;
  }

  /** Listens to a server frame type or a `socket:*` event; returns the unsubscribe. */
  on<K extends keyof SocketEvents>(type: K, handler: (event: SocketEvents[K]) => void): () => void {
    this.emitter.on(type, handler);
    return () => this.emitter.off(type, handler);
  }

  /** Connects (and keeps reconnecting); resolves once authenticated and caught up the first time. */
  connect(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the socket was closed'));
    this.running ??= this.run();
    return this.opened.promise;
  }

  /** Catches `chatId` up from `lastSeq` (the last seq the caller has) now and after every reconnect. */
  track(chatId: string, lastSeq: number): void {
    this.ledger.track(chatId, lastSeq);
    if (this.status === 'open') void this.catchUp([chatId]).catch((error: unknown) => this.fail(error));
  }

  untrack(chatId: string): void {
    this.ledger.untrack(chatId);
  }

  /** The last seq of `chatId` up to which nothing is missing, if the chat is tracked. */
  lastSeq(chatId: string): number | undefined {
    return this.ledger.lastSeq(chatId);
  }

  /** Sends a request once connected and resolves with its reply; PolychatApiError when refused. */
  async request<T extends RequestType>(type: T, payload: ClientPayloads[T]): Promise<ReplyOf<T>> {
    const connection = await this.whenOpen();
    return connection.request(type, payload);
  }

  /**
   * Sends a message, retried across reconnects with the same clientMsgId until acknowledged (the
   * server answers a repeat with the first message, `created: false`).
   */
  async sendMessage(
    chatId: string,
    body: string,
    options: { replyTo?: string; clientMsgId?: string } = {},
  ): Promise<AckResults['message.send']> {
    const payload: ClientPayloads['message.send'] = {
      chatId,
      body,
      clientMsgId: options.clientMsgId ?? `sdk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    };
    for (;;) {
      try {
        return await this.request('message.send', payload);
      } catch (error) {
        if (!(error instanceof PolychatSocketClosedError) || this.stopped || this.status === 'closed') throw error;
      }
    }
  }

  /** Skips the wait before the next reconnect attempt (e.g. when the browser says it is online). */
  reconnectNow(): void {
    this.wakeup.wake?.();
  }

  /** Closes for good: no reconnect; pending requests fail. */
  async close(): Promise<void> {
    this.stopped = true;
    this.offTokens();
    clearTimeout(this.renewTimer);
    this.wakeup.wake?.();
    this.opened.reject(new Error('the socket was closed'));
    await this.current?.close(1000, 'client closed');
    await this.running;
    this.status = 'closed';
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let forceRefresh = false;
    let reconnected = false;
    while (!this.stopped) {
      this.status = reconnected ? 'reconnecting' : 'connecting';
      let closed: CloseInfo;
      try {
        const connection = await this.open(forceRefresh);
        if (this.stopped) {
          await connection.close(1000, 'client closed'); // close() came while this one was opening
          break;
        }
        forceRefresh = false;
        attempt = 0;
        this.emitter.emit('socket:open', { userId: this.userId ?? '', reconnected });
        void this.catchUp().then(
          (chats) => {
            this.emitter.emit('socket:synced', { chats });
            this.opened.resolve();
          },
          (error: unknown) => {
            this.fail(error);
            if (!(error instanceof PolychatSocketClosedError)) this.opened.resolve(); // connected, catch-up failed
          },
        );
        closed = await connection.closed;
      } catch (error) {
        if (isAuthFailure(error)) {
          // The server refused the token (4001 or a failed ack) or the refresh was refused.
          if (!forceRefresh && this.session.tokens) {
            forceRefresh = true;
            continue;
          }
          this.finish({ code: CLOSE_CODES.unauthenticated, reason: (error as Error).message, reconnecting: false });
          this.opened.reject(error as Error);
          return;
        }
        closed =
          error instanceof PolychatSocketClosedError
            ? { code: error.code, reason: error.reason }
            : { code: 1006, reason: (error as Error).message };
      }
      this.current = undefined;
      clearTimeout(this.renewTimer);
      reconnected = true;
      if (this.stopped) break;
      if (isFatal(closed.code) || this.options.reconnect === false) {
        this.finish({ ...closed, reconnecting: false });
        this.opened.reject(new PolychatSocketClosedError(closed.code, closed.reason));
        return;
      }
      if (closed.code === CLOSE_CODES.sessionExpired || closed.code === CLOSE_CODES.unauthenticated)
        forceRefresh = true;
      const delayMs = this.delay(attempt);
      attempt += 1;
      this.status = 'reconnecting';
      this.emitter.emit('socket:close', { ...closed, reconnecting: true, delayMs });
      await sleep(delayMs, this.wakeup);
    }
    this.finish({ code: 1000, reason: 'client closed', reconnecting: false });
  }

  /** Opens a connection and authenticates it with a fresh token (refreshed first when due). */
  private async open(forceRefresh: boolean): Promise<FrameConnection> {
    const aheadMs = this.options.refreshAheadMs ?? 30_000;
    const token = forceRefresh ? (await this.session.refresh()).accessToken : await this.session.fresh(aheadMs);
    if (!token) throw Object.assign(new Error('not signed in'), { status: 401 });
    const connection = await FrameConnection.open({
      url: this.options.url,
      WebSocket: this.WebSocket,
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
    });
    connection.onFrame = (frame) => this.receive(frame);
    try {
      const { userId } = await connection.request('auth', { token });
      this.userId = userId;
    } catch (error) {
      void connection.close();
      if (error instanceof PolychatSocketClosedError && error.code === CLOSE_CODES.unauthenticated) {
        throw new PolychatApiError(401, { code: 'AUTH.UNAUTHENTICATED', message: 'the token was refused' });
      }
      throw error;
    }
    this.current = connection;
    this.status = 'open';
    this.scheduleRenewal(token);
    keepAlive(connection, this.options.pingIntervalMs ?? 25_000);
    return connection;
  }

  /** Refresh (which re-authenticates through the session listener) before the token expires. */
  private scheduleRenewal(token: string): void {
    clearTimeout(this.renewTimer);
    const expiresAt = tokenExpiresAt(token);
    if (expiresAt === undefined) return;
    const aheadMs = this.options.refreshAheadMs ?? 30_000;
    this.renewTimer = setTimeout(
      () => {
        this.session.fresh(aheadMs).then(
          (fresh) => {
            if (fresh === token) this.scheduleRenewal(token); // woke a little early
          },
          (error: unknown) => this.fail(error),
        );
      },
      Math.max(0, expiresAt - Date.now() - renewalLeadMs(token, aheadMs)),
    );
    (this.renewTimer as { unref?: () => void }).unref?.();
  }

  private receive(frame: Frame): void {
    if (frame.type === 'ack' || frame.type === 'pong' || frame.type === 'sync.result') return;
    if (frame.type === 'message.new') {
      const message = frame.payload as Message;
      const { fresh, gap } = this.ledger.accept(message);
      if (gap) this.fillGap(message.chatId);
      if (fresh) this.emitter.emit('message.new', message);
      return;
    }
    if (frame.type === 'chat.updated') {
      const chat = frame.payload as ServerPayloads['chat.updated'];
      if (this.userId && chat.members.some((member) => member.userId === this.userId)) {
        if (this.ledger.lastSeq(chat.chatId) === undefined) this.ledger.track(chat.chatId, chat.lastSeq);
      } else this.ledger.untrack(chat.chatId);
    }
    this.emitter.emit(frame.type as keyof ServerPayloads, frame.payload as never);
  }

  /** A live message came after a gap: sync that chat (once at a time). */
  private fillGap(chatId: string): void {
    if (this.gapSyncs.has(chatId)) return;
    this.gapSyncs.add(chatId);
    void this.catchUp([chatId])
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.gapSyncs.delete(chatId));
  }

  /** Syncs `chatIds` (default: every tracked chat) until each has nothing more; passes new messages on. */
  private catchUp(chatIds?: readonly string[]): Promise<{ chatId: string; lastSeq: number }[]> {
    return syncChats(
      this.ledger,
      (payload) => this.request('sync', payload),
      (message) => this.emitter.emit('message.new', message),
      { ...(chatIds ? { chatIds } : {}), limit: this.options.syncLimit ?? 200 },
    );
  }

  private whenOpen(): Promise<FrameConnection> {
    const connection = this.current;
    if (connection?.isOpen) return Promise.resolve(connection);
    if (this.stopped || this.status === 'closed') {
      return Promise.reject(new PolychatSocketClosedError(1000, 'the socket is closed'));
    }
    return new Promise((resolve, reject) => {
      const offOpen = this.on('socket:open', () => {
        offOpen();
        offClose();
        if (this.current) resolve(this.current);
      });
      const offClose = this.on('socket:close', (closed) => {
        if (closed.reconnecting) return;
        offOpen();
        offClose();
        reject(new PolychatSocketClosedError(closed.code, closed.reason));
      });
    });
  }

  private delay(attempt: number): number {
    const options = this.options.reconnect || {};
    const cap = Math.min(options.maxDelayMs ?? 10_000, (options.initialDelayMs ?? 250) * 2 ** Math.min(attempt, 20));
    return Math.floor((this.options.random ?? Math.random)() * cap);
  }

  private finish(closed: SocketClosed): void {
    if (this.status === 'closed') return;
    this.status = 'closed';
    this.emitter.emit('socket:close', closed);
  }

  private fail(error: unknown): void {
    if (error instanceof PolychatSocketClosedError) return; // the reconnect takes it from here
    this.emitter.emit('socket:error', error instanceof Error ? error : new Error(String(error)));
  }

  private deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
    let resolve: () => void = () => undefined;
    let reject: (error: Error) => void = () => undefined;
    const promise = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    promise.catch(() => undefined); // connect() callers see the rejection; nobody else must
    return { promise, resolve, reject };
  }
}

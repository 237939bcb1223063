import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { bearerToken, toAppError, type AccessTokenVerifier } from '../http';
import type { Logger } from '../logger';
import type { WsMetrics } from '../metrics';
import type { WsConnectionListener, WsHandler } from './contributions';
import type { FrameRateLimiter } from './frame-rate-limiter';
import { authPayloadSchema, parseFrame, SESSIONS_REVOKED, WS_CLOSE, type ClientFrame } from './frames';
import type { RedisLiveFanout } from './live-fanout';
import { Session } from './session';
import { armExpiry, closeRevoked, stillValid } from './session-lifetime';

export interface GatewayOptions {
  readonly path: string;
  readonly maxFrameBytes: number;
  readonly authTimeoutMs: number;
  readonly heartbeatMs: number;
  readonly maxBufferedBytes: number;
  /** Frames a connection may have waiting; more is a flood, closed at once with 4008. */
  readonly maxQueuedFrames: number;
}

export interface GatewayDeps {
  readonly verifier: AccessTokenVerifier;
  readonly handlers: readonly WsHandler[];
  readonly listeners: readonly WsConnectionListener[];
  readonly fanout: RedisLiveFanout;
  readonly rateLimiter: FrameRateLimiter;
  readonly metrics: WsMetrics;
  readonly logger: Logger;
}

/**
 * The WebSocket endpoint (docs/ws-protocol.md): authenticates each connection (the `Authorization`
 * header on upgrade, or a first `auth` frame), keeps it alive with pings, bounds what it may send
 * and what may queue for it, dispatches its requests to the contributed handlers one at a time,
 * and forwards live frames published for its user from any process. A connection lives no longer
 * than its token (4003 at expiry unless a fresh `auth` came) and its session (4004 on revocation,
 * announced on the user's live channel and checked again before each request).
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly handlers: ReadonlyMap<string, WsHandler>;
  private readonly sessions = new Set<Session>();
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    server: Server,
    private readonly deps: GatewayDeps,
    private readonly options: GatewayOptions,
    /** This process's authenticated sessions by user: where live frames for a user go. */
    private readonly byUser: Map<string, Set<Session>>,
  ) {
    this.handlers = new Map(deps.handlers.map((handler) => [handler.type, handler]));
    this.wss = new WebSocketServer({ server, path: options.path, maxPayload: options.maxFrameBytes });
    this.wss.on('connection', (socket, request) => this.accept(socket, request));
    this.heartbeat = setInterval(() => {
      for (const session of this.sessions) session.heartbeat();
    }, options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Starts receiving live frames for this process's users, then accepts connections. */
  static async start(server: Server, deps: GatewayDeps, options: GatewayOptions): Promise<WsGateway> {
    const byUser = new Map<string, Set<Session>>();
    await deps.fanout.open((userId, frame) => {
      if (frame.type === SESSIONS_REVOKED) {
        closeRevoked(byUser.get(userId) ?? [], frame.payload, deps.metrics);
        return;
      }
      for (const session of byUser.get(userId) ?? []) session.connection?.send(frame);
    });
    return new WsGateway(server, deps, options, byUser);
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const { metrics } = this.deps;
    const session = new Session(socket, this.options.maxBufferedBytes, {
      sent: (type) => metrics.frameOut(type),
      tooSlow: () => metrics.rejected('too_slow'),
      failed: (error) => this.deps.logger.error('ws session failed', { error }),
    });
    this.sessions.add(session);
    metrics.connectionOpened();
    const headerToken = bearerToken(request.headers.authorization);
    if (headerToken) session.enqueue(() => this.authenticate(session, headerToken, undefined));
    else {
      session.authTimer = setTimeout(() => {
        if (session.connection) return;
        this.deps.metrics.rejected('unauthenticated');
        session.close(WS_CLOSE.unauthenticated, 'authenticate first');
      }, this.options.authTimeoutMs);
    }
    socket.on('pong', () => (session.alive = true));
    socket.on('error', (error: Error & { code?: string }) => {
      // `ws` closes an oversized frame's socket with 1009 itself; count it here.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.rejected('too_large');
      this.deps.logger.debug('ws socket error', { session: session.id, error: error.message });
    });
    socket.on('message', (data, isBinary) => this.onMessage(session, data, isBinary));
    socket.on('close', (code) => {
      metrics.connectionClosed(code);
      this.onClose(session);
    });
  }

  private onMessage(session: Session, data: RawData, isBinary: boolean): void {
    session.alive = true;
    const frame = parseFrame(data, isBinary);
    if (!frame) {
      this.deps.metrics.rejected('bad_frame');
      session.close(WS_CLOSE.badFrame, 'bad frame');
      return;
    }
    this.deps.metrics.frameIn(frame.type);
    const waiting = session.enqueue(async () => {
      if (session.closed) return;
      if (!(await this.deps.rateLimiter.allow(session.id))) {
        this.deps.metrics.rejected('rate_limited');
        session.close(WS_CLOSE.rateLimited, 'rate limited');
        return;
      }
      await this.onFrame(session, frame);
    });
    if (waiting > this.options.maxQueuedFrames) {
      this.deps.metrics.rejected('flooding');
      session.close(WS_CLOSE.rateLimited, 'rate limited');
    }
  }

  private async onFrame(session: Session, frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') {
      session.send({ type: 'pong', id: frame.id });
      return;
    }
    if (frame.type === 'auth') {
      const parsed = authPayloadSchema.safeParse(frame.payload);
      if (!parsed.success) session.close(WS_CLOSE.unauthenticated, 'auth needs a token');
      else await this.authenticate(session, parsed.data.token, frame.id);
      return;
    }
    const connection = session.connection;
    if (!connection) {
      this.deps.metrics.rejected('unauthenticated');
      session.close(WS_CLOSE.unauthenticated, 'authenticate first');
      return;
    }
    const handler = this.handlers.get(frame.type);
    try {
      if (!(await stillValid(session, this.deps.verifier, this.deps.metrics))) return;
      if (!handler) {
        const error = { code: 'WS.UNKNOWN_TYPE', message: `unknown frame type ${frame.type}` };
        session.send({ type: 'ack', id: frame.id, payload: { ok: false, error } });
        return;
      }
      const result = await handler.handle(frame.payload, connection);
      if (handler.replyType) session.send({ type: handler.replyType, id: frame.id, payload: result });
      else session.send({ type: 'ack', id: frame.id, payload: { ok: true, result } });
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) this.deps.logger.error('ws handler failed', { type: frame.type, error });
      const body = appError
        ? { code: appError.code, message: appError.message, details: appError.details }
        : { code: 'INTERNAL', message: 'internal error' };
      session.send({ type: 'ack', id: frame.id, payload: { ok: false, error: body } });
    }
  }

  /**
   * Verifies the token; the first success makes the session a user's connection, a later one (same
   * user) moves its session and expiry to the fresh token. Never logs the token.
   */
  private async authenticate(session: Session, token: string, frameId: string | undefined): Promise<void> {
    const principal = await this.deps.verifier.verify(token).catch(() => undefined);
    if (!principal || (session.connection && session.connection.userId !== principal.userId)) {
      this.deps.metrics.rejected('unauthenticated');
      session.close(WS_CLOSE.unauthenticated, 'invalid token');
      return;
    }
    if (session.closed) return;
    session.principal = principal;
    armExpiry(session, this.deps.metrics);
    if (!session.connection && !session.closed) {
      clearTimeout(session.authTimer);
      const connection = { id: session.id, userId: principal.userId, send: session.send.bind(session) };
      session.connection = connection;
      let sessions = this.byUser.get(principal.userId);
      if (!sessions) this.byUser.set(principal.userId, (sessions = new Set()));
      sessions.add(session);
      await this.deps.fanout.subscribe(principal.userId);
      for (const listener of this.deps.listeners) {
        await listener
          .connected(connection)
          .catch((error: unknown) => this.deps.logger.warn('ws connect listener failed', { error }));
      }
    }
    session.send({ type: 'ack', id: frameId, payload: { ok: true, result: { userId: principal.userId } } });
  }

  private onClose(session: Session): void {
    session.closed = true;
    clearTimeout(session.authTimer);
    clearTimeout(session.expiryTimer);
    this.sessions.delete(session);
    // Queued behind any authentication in flight, so what it added is always undone.
    session.enqueue(async () => {
      const connection = session.connection;
      if (!connection) return;
      const sessions = this.byUser.get(connection.userId);
      sessions?.delete(session);
      if (sessions?.size === 0) this.byUser.delete(connection.userId);
      await this.deps.fanout.unsubscribe(connection.userId);
      for (const listener of this.deps.listeners) {
        await listener
          .disconnected(connection)
          .catch((error: unknown) => this.deps.logger.warn('ws disconnect listener failed', { error }));
      }
    });
  }

  /** Closes every connection (1001 going away), announces them gone, and stops the fan-out. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const session of this.sessions) session.close(WS_CLOSE.goingAway, 'server shutting down');
    const closed = new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await until(() => this.sessions.size === 0, 1000);
    for (const session of this.sessions) session.terminate(); // peers that never answered the close
    await closed;
    await until(() => this.byUser.size === 0, 2000); // disconnect listeners (presence) have run
    await this.deps.fanout.close();
  }
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import { toAppError } from '../http';
import type { Logger } from '../logger';
import type { WsConnection, WsHandler } from './contributions';

/** Close codes of the protocol (API.md). */
export const WS_CLOSE = { badFrame: 4002, unauthenticated: 4001, rateLimited: 4008, tooLarge: 1009 } as const;

const clientFrameSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().max(128).optional(),
  payload: z.unknown().optional(),
});

export interface GatewayOptions {
  readonly path: string;
  readonly maxFrameBytes: number;
}

/**
 * The WebSocket endpoint: parses frames, answers `ping` with `pong`, dispatches the rest to the
 * contributed handlers by type and acks each request. A malformed frame closes only its own
 * connection (4002); an oversized one 1009.
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly handlers: ReadonlyMap<string, WsHandler>;

  constructor(
    server: Server,
    handlers: readonly WsHandler[],
    options: GatewayOptions,
    private readonly logger: Logger,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.type, handler]));
    this.wss = new WebSocketServer({ server, path: options.path, maxPayload: options.maxFrameBytes });
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  private accept(socket: WebSocket): void {
    const connection: WsConnection = {
      id: randomUUID(),
      send: (frame) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      },
    };
    socket.on('error', (error) =>
      this.logger.debug('ws socket error', { connection: connection.id, error: error.message }),
    );
    socket.on('message', (data, isBinary) => {
      void this.onFrame(socket, connection, data, isBinary);
    });
  }

  private async onFrame(socket: WebSocket, connection: WsConnection, data: RawData, isBinary: boolean): Promise<void> {
    const frame = isBinary ? undefined : parseFrame(data);
    if (!frame) {
      socket.close(WS_CLOSE.badFrame, 'bad frame');
      return;
    }
    if (frame.type === 'ping') {
      connection.send({ type: 'pong', id: frame.id });
      return;
    }
    const handler = this.handlers.get(frame.type);
    if (!handler) {
      connection.send({
        type: 'ack',
        id: frame.id,
        payload: { ok: false, error: { code: 'WS.UNKNOWN_TYPE', message: `unknown frame type ${frame.type}` } },
      });
      return;
    }
    try {
      const result = await handler.handle(frame.payload, connection);
      connection.send({ type: 'ack', id: frame.id, payload: { ok: true, result } });
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) this.logger.error('ws handler failed', { type: frame.type, error });
      const body = appError
        ? { code: appError.code, message: appError.message, details: appError.details }
        : { code: 'INTERNAL', message: 'internal error' };
      connection.send({ type: 'ack', id: frame.id, payload: { ok: false, error: body } });
    }
  }

  /** Closes every connection (1001 going away) and the server. */
  close(): Promise<void> {
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

function parseFrame(data: RawData): z.infer<typeof clientFrameSchema> | undefined {
  try {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(new Uint8Array(data));
    const text = bytes.toString('utf8');
    const result = clientFrameSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

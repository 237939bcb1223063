import type { RawData } from 'ws';
import { z } from 'zod';

/** Close codes of the protocol (API.md, docs/ws-protocol.md). */
export const WS_CLOSE = {
  /** No valid `auth` in time, a request before `auth`, or a token that failed verification. */
  unauthenticated: 4001,
  /** Not JSON, not a frame, or a binary frame. */
  badFrame: 4002,
  /** The access token expired and no fresh one came in an `auth` frame before. */
  sessionExpired: 4003,
  /** The session ended: logout, logout everywhere, or the account was deleted. */
  sessionRevoked: 4004,
  /** More request frames than the connection's budget. */
  rateLimited: 4008,
  /** The client reads too slowly: its outgoing buffer passed WS_MAX_BUFFERED_BYTES. */
  tooSlow: 4009,
  /** A frame larger than WS_MAX_FRAME_BYTES (set by `ws` itself). */
  tooLarge: 1009,
  goingAway: 1001,
} as const;

export const clientFrameSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().max(128).optional(),
  payload: z.unknown().optional(),
});

export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const authPayloadSchema = z.object({ token: z.string().min(1).max(4096) });

/** A text frame parsed as a client frame, or undefined when it is not one. */
export function parseFrame(data: RawData, isBinary: boolean): ClientFrame | undefined {
  if (isBinary) return undefined;
  try {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(new Uint8Array(data));
    const result = clientFrameSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An internal frame on a user's live channel (never forwarded to a client): close that user's
 * connections of the sessions named, or all of them, with 4004. Published by the auth module.
 */
export const SESSIONS_REVOKED = 'internal.sessions_revoked';

/** Which of a user's connections a SESSIONS_REVOKED frame closes. */
export const sessionsRevokedSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ sessionIds: z.array(z.string()).min(1) }),
]);
export type SessionsRevoked = z.infer<typeof sessionsRevokedSchema>;

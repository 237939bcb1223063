import type { AccessTokenVerifier } from '../http';
import type { WsMetrics } from '../metrics';
import { sessionsRevokedSchema, WS_CLOSE } from './frames';
import type { Session } from './session';

/** The longest a timer may be set for (setTimeout's limit, ~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Before a request: a connection whose token has expired is closed with 4003, one whose session
 * was revoked with 4004 (the pub/sub close may still be on its way). A store error propagates (the
 * gateway makes it the request's error ack).
 */
export async function stillValid(
  session: Session,
  verifier: AccessTokenVerifier,
  metrics: WsMetrics,
): Promise<boolean> {
  const principal = session.principal;
  if (!principal?.session) return true;
  if (Date.now() >= principal.session.expiresAt * 1000) {
    metrics.rejected('expired');
    session.close(WS_CLOSE.sessionExpired, 'token expired');
    return false;
  }
  if (verifier.isRevoked && (await verifier.isRevoked(principal))) {
    metrics.rejected('revoked');
    session.close(WS_CLOSE.sessionRevoked, 'session revoked');
    return false;
  }
  return true;
}

/** Arms the expiry close (4003) for the session's current token; a fresh `auth` re-arms it. */
export function armExpiry(session: Session, metrics: WsMetrics): void {
  clearTimeout(session.expiryTimer);
  const expiresAt = session.principal?.session?.expiresAt;
  if (expiresAt === undefined) return;
  const ms = Math.min(Math.max(0, expiresAt * 1000 - Date.now()), MAX_TIMER_MS);
  session.expiryTimer = setTimeout(() => {
    metrics.rejected('expired');
    session.close(WS_CLOSE.sessionExpired, 'token expired');
  }, ms);
  session.expiryTimer.unref();
}

/** Closes (4004) the sessions a SESSIONS_REVOKED frame names; a malformed one is ignored. */
export function closeRevoked(sessions: Iterable<Session>, payload: unknown, metrics: WsMetrics): void {
  const parsed = sessionsRevokedSchema.safeParse(payload);
  if (!parsed.success) return;
  const ids = 'sessionIds' in parsed.data ? new Set(parsed.data.sessionIds) : undefined;
  for (const session of sessions) {
    const sessionId = session.principal?.session?.id;
    if (ids && (sessionId === undefined || !ids.has(sessionId))) continue;
    metrics.rejected('revoked');
    session.close(WS_CLOSE.sessionRevoked, 'session revoked');
  }
}

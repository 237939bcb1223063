import type { Redis } from 'ioredis';
import { inject, injectable } from 'inversify';
import { CONFIG, type Config } from '../../../config';
import type { TokenSession } from '../../../platform/http';
import { REDIS } from '../../../platform/redis';
import { LIVE_FANOUT, SESSIONS_REVOKED, type LiveFanout, type SessionsRevoked } from '../../../platform/ws';
import type { SessionRevocations } from '../application/ports';

/** Clock skew allowed on top of the access-token lifetime before a revocation may be forgotten. */
const SKEW_SECONDS = 60;

/**
 * Revoked sessions in Redis, each kept as long as an access token of it can live: `auth:revoked:s:
 * <sid>` for one session, `auth:revoked:u:<userId>` = a time in seconds before which (inclusive)
 * every token of the user is void. Each revocation is also announced on the user's live channel,
 * so every api process closes the sessions' WebSockets at once (4004).
 */
@injectable()
export class RedisSessionRevocations implements SessionRevocations {
  private readonly ttlSeconds: number;

  constructor(
    @inject(REDIS) private readonly redis: Redis,
    @inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
    @inject(CONFIG) config: Config,
  ) {
    this.ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS + SKEW_SECONDS;
  }

  async revokeSessions(userId: string, sessionIds: readonly string[]): Promise<void> {
    const ids = [...new Set(sessionIds)];
    if (ids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.set(sessionKey(id), '1', 'EX', this.ttlSeconds);
    await exec(pipeline);
    await this.announce(userId, { sessionIds: ids });
  }

  async revokeAllUntilNow(userId: string): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    await this.redis.set(userKey(userId), String(now), 'EX', this.ttlSeconds);
    await this.announce(userId, { all: true });
  }

  async isRevoked(userId: string, session: TokenSession): Promise<boolean> {
    const [sessionRevoked, until] = await this.redis.mget(sessionKey(session.id), userKey(userId));
    if (sessionRevoked !== null) return true;
    return until !== null && session.issuedAt <= Number(until);
  }

  private announce(userId: string, payload: SessionsRevoked): Promise<void> {
    return this.fanout.toUsers([userId], { type: SESSIONS_REVOKED, payload });
  }
}

const sessionKey = (sessionId: string): string => `auth:revoked:s:${sessionId}`;
const userKey = (userId: string): string => `auth:revoked:u:${userId}`;

async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

import type { Redis } from 'ioredis';
import { inject, injectable } from 'inversify';
import { REDIS } from '../../../platform/redis';
import type { PresenceChange, PresenceStore } from '../application/ports';
import type { DeviceStatus, Presence, PresenceStatus } from '../domain/presence';

/**
 * KEYS: devices (hash device -> status), expiries (zset device -> expiresAt), seen (last seen ms),
 * announced (last announced status), index (global zset "user|device" -> expiresAt).
 * ARGV: mode (set | remove | expire | read), now, device, status, expiresAt, member.
 * Returns { status, lastSeenMs, changed }.
 */
const SCRIPT = `
local devices, expiries, seen, announced, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local mode, now, device = ARGV[1], tonumber(ARGV[2]), ARGV[3]
if mode == 'set' then
  redis.call('HSET', devices, device, ARGV[4])
  redis.call('ZADD', expiries, ARGV[5], device)
  redis.call('ZADD', index, ARGV[5], ARGV[6])
  redis.call('SET', seen, now)
  redis.call('PEXPIREAT', devices, ARGV[5])
  redis.call('PEXPIREAT', expiries, ARGV[5])
elseif mode == 'remove' then
  redis.call('HDEL', devices, device)
  redis.call('ZREM', expiries, device)
  redis.call('ZREM', index, ARGV[6])
  redis.call('SET', seen, now)
elseif mode == 'expire' then
  local score = redis.call('ZSCORE', index, ARGV[6])
  if score and tonumber(score) > now then return {'', '', 0} end
  redis.call('ZREM', index, ARGV[6])
end
local gone = redis.call('ZRANGEBYSCORE', expiries, '-inf', now)
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', expiries, '-inf', now)
  redis.call('HDEL', devices, unpack(gone))
end
local status = 'offline'
local live = redis.call('ZRANGE', expiries, 0, -1)
if #live > 0 then
  status = 'away'
  for _, s in ipairs(redis.call('HMGET', devices, unpack(live))) do
    if s ~= 'away' then status = 'online' end
  end
end
local lastSeen = redis.call('GET', seen) or ''
if mode == 'read' then return {status, lastSeen, 0} end
local before = redis.call('GET', announced) or 'offline'
if before == status then return {status, lastSeen, 0} end
if status == 'offline' then redis.call('DEL', announced) else redis.call('SET', announced, status) end
return {status, lastSeen, 1}
`;

const INDEX_KEY = 'presence:index';

/** Presence in Redis: every device's entry expires unless the api process holding it renews it. */
@injectable()
export class RedisPresenceStore implements PresenceStore {
  constructor(@inject(REDIS) private readonly redis: Redis) {
    this.redis.defineCommand('presenceStep', { numberOfKeys: 5, lua: SCRIPT });
  }

  setDevice(userId: string, deviceId: string, status: DeviceStatus, ttlMs: number) {
    const expiresAt = Date.now() + ttlMs;
    return this.step('set', userId, deviceId, status, expiresAt).then(changeOnly);
  }

  removeDevice(userId: string, deviceId: string) {
    return this.step('remove', userId, deviceId).then(changeOnly);
  }

  async renew(devices: readonly { userId: string; deviceId: string }[], ttlMs: number): Promise<void> {
    if (devices.length === 0) return;
    const now = Date.now();
    const expiresAt = now + ttlMs;
    const pipeline = this.redis.pipeline();
    for (const { userId, deviceId } of devices) {
      const keys = keysOf(userId);
      // XX: a device removed meanwhile (disconnect racing the renewal) is not brought back.
      pipeline.zadd(keys.expiries, 'XX', expiresAt, deviceId);
      pipeline.zadd(INDEX_KEY, 'XX', expiresAt, memberOf(userId, deviceId));
      pipeline.set(keys.seen, now);
      pipeline.pexpireat(keys.devices, expiresAt);
      pipeline.pexpireat(keys.expiries, expiresAt);
    }
    await pipeline.exec();
  }

  async sweep(limit: number): Promise<PresenceChange[]> {
    const due = await this.redis.zrangebyscore(INDEX_KEY, '-inf', Date.now(), 'LIMIT', 0, limit);
    const changes: PresenceChange[] = [];
    for (const member of due) {
      const [userId = '', deviceId = ''] = member.split('|');
      const change = changeOnly(await this.step('expire', userId, deviceId));
      if (change) changes.push(change);
    }
    return changes;
  }

  async read(userIds: readonly string[]): Promise<Presence[]> {
    return Promise.all(userIds.map(async (userId) => (await this.step('read', userId, '')).presence));
  }

  private async step(
    mode: 'set' | 'remove' | 'expire' | 'read',
    userId: string,
    deviceId: string,
    status = '',
    expiresAt = 0,
  ): Promise<{ presence: Presence; changed: boolean }> {
    const keys = keysOf(userId);
    const runner = this.redis as unknown as PresenceCommand;
    const [state, lastSeen, changed] = await runner.presenceStep(
      keys.devices,
      keys.expiries,
      keys.seen,
      keys.announced,
      INDEX_KEY,
      mode,
      String(Date.now()),
      deviceId,
      status,
      String(expiresAt),
      memberOf(userId, deviceId),
    );
    const lastSeenAt = lastSeen ? new Date(Number(lastSeen)).toISOString() : null;
    return { presence: { userId, status: (state || 'offline') as PresenceStatus, lastSeenAt }, changed: changed === 1 };
  }
}

interface PresenceCommand {
  presenceStep(...args: string[]): Promise<[string, string, number]>;
}

function keysOf(userId: string) {
  return {
    devices: `presence:devices:${userId}`,
    expiries: `presence:expiries:${userId}`,
    seen: `presence:seen:${userId}`,
    announced: `presence:announced:${userId}`,
  };
}

const memberOf = (userId: string, deviceId: string): string => `${userId}|${deviceId}`;

const changeOnly = ({ presence, changed }: { presence: Presence; changed: boolean }): PresenceChange | undefined =>
  changed ? presence : undefined;

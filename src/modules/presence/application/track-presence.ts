import { inject, injectable } from 'inversify';
import { CONFIG, type Config } from '../../../config';
import type { BackgroundTask } from '../../../platform/lifecycle';
import { LOGGER, type Logger } from '../../../platform/logger';
import { LIVE_FANOUT, type LiveFanout, type WsConnection, type WsConnectionListener } from '../../../platform/ws';
import { FRIEND_DIRECTORY, type FriendDirectory } from '../../friends';
import { PRESENCE_UPDATED, type DeviceStatus } from '../domain/presence';
import { PRESENCE_STORE, type PresenceChange, type PresenceStore } from './ports';

const SWEEP_BATCH = 500;

/**
 * Keeps the presence of this process's connections in Redis: a device is online on connect, says
 * online/away itself, and is gone on disconnect. Its entry is renewed every third of the TTL, so
 * when a process dies its users fall offline within PRESENCE_TTL_MS, noticed by any other process's
 * sweep. Each transition is announced to the user's friends as `presence.updated`.
 */
@injectable()
export class TrackPresence implements WsConnectionListener, BackgroundTask {
  readonly name = 'presence';
  private readonly devices = new Map<string, string>(); // connection id -> user id
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @inject(FRIEND_DIRECTORY) private readonly friends: FriendDirectory,
    @inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
    @inject(CONFIG) private readonly config: Config,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async connected(connection: WsConnection): Promise<void> {
    this.devices.set(connection.id, connection.userId);
    await this.announce(
      await this.store.setDevice(connection.userId, connection.id, 'online', this.config.PRESENCE_TTL_MS),
    );
  }

  async disconnected(connection: WsConnection): Promise<void> {
    this.devices.delete(connection.id);
    await this.announce(await this.store.removeDevice(connection.userId, connection.id));
  }

  /** A device says it is online or away (the `presence` frame). */
  async setStatus(connection: WsConnection, status: DeviceStatus): Promise<void> {
    await this.announce(
      await this.store.setDevice(connection.userId, connection.id, status, this.config.PRESENCE_TTL_MS),
    );
  }

  start(): void {
    const ttl = this.config.PRESENCE_TTL_MS;
    const every = (ms: number, work: () => Promise<void>): NodeJS.Timeout =>
      setInterval(() => void work().catch((error: unknown) => this.logger.warn('presence task failed', { error })), ms);
    this.timers = [
      every(Math.max(1, Math.floor(ttl / 3)), () =>
        this.store.renew(
          [...this.devices].map(([deviceId, userId]) => ({ userId, deviceId })),
          ttl,
        ),
      ),
      every(this.config.PRESENCE_SWEEP_MS, async () => {
        for (const change of await this.store.sweep(SWEEP_BATCH)) await this.announce(change);
      }),
    ];
    for (const timer of this.timers) timer.unref();
  }

  stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    return Promise.resolve();
  }

  private async announce(change: PresenceChange | undefined): Promise<void> {
    if (!change) return;
    const friendIds = await this.friends.friendIdsOf(change.userId);
    await this.fanout.toUsers(friendIds, { type: PRESENCE_UPDATED, payload: change });
  }
}

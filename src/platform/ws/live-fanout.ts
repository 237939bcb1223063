import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { ServerFrame } from './contributions';

/**
 * Delivers frames to users' live connections wherever they are connected: any process (api or
 * worker) publishes, and every api process forwards to its own sockets. Best effort: a client that
 * was not connected, or missed a frame, catches up with `sync` (docs/ws-protocol.md).
 */
export interface LiveFanout {
  toUsers(userIds: Iterable<string>, frame: ServerFrame): Promise<void>;
}

export const LIVE_FANOUT = Symbol.for('polychat.LiveFanout');

const CHANNEL_MARKER = 'live:u:';

/** Where an api process hands frames that arrive for one of its users. */
export type LocalDelivery = (userId: string, frame: ServerFrame) => void;

/**
 * Redis pub/sub with one channel per user (`<prefix>live:u:<userId>`): a process subscribes to the
 * channels of the users connected to it, so a frame crosses only to processes that need it.
 */
export class RedisLiveFanout implements LiveFanout {
  private subscriber: Redis | undefined;
  private readonly subscribed = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async toUsers(userIds: Iterable<string>, frame: ServerFrame): Promise<void> {
    const message = JSON.stringify(frame);
    const pipeline = this.redis.pipeline();
    let count = 0;
    for (const userId of new Set(userIds)) {
      pipeline.publish(this.channelOf(userId), message);
      count += 1;
    }
    if (count > 0) await pipeline.exec();
  }

  /** Starts receiving (api role): frames for subscribed users go to `deliver`. */
  async open(deliver: LocalDelivery): Promise<void> {
    const subscriber = this.redis.duplicate();
    subscriber.on('message', (channel: string, message: string) => {
      try {
        // Whether or not the client prefixed the channel, the user id follows the last marker.
        deliver(
          channel.slice(channel.lastIndexOf(CHANNEL_MARKER) + CHANNEL_MARKER.length),
          JSON.parse(message) as ServerFrame,
        );
      } catch (error) {
        this.logger.warn('live fan-out: undeliverable message', { channel, error });
      }
    });
    subscriber.on('error', (error: Error) =>
      this.logger.warn('live fan-out subscriber error', { error: error.message }),
    );
    this.subscriber = subscriber;
    if (subscriber.status === 'wait') await subscriber.connect(); // the shared client is lazy; so is its copy
  }

  /** Counts a local connection of `userId`; the first one subscribes its channel. */
  async subscribe(userId: string): Promise<void> {
    const count = (this.subscribed.get(userId) ?? 0) + 1;
    this.subscribed.set(userId, count);
    if (count === 1) await this.subscriber?.subscribe(this.channelOf(userId));
  }

  /** Uncounts one; the last one unsubscribes. */
  async unsubscribe(userId: string): Promise<void> {
    const count = (this.subscribed.get(userId) ?? 0) - 1;
    if (count > 0) {
      this.subscribed.set(userId, count);
      return;
    }
    this.subscribed.delete(userId);
    await this.subscriber?.unsubscribe(this.channelOf(userId));
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.subscribed.clear();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private channelOf(userId: string): string {
    return `${this.prefix}${CHANNEL_MARKER}${userId}`;
  }
}

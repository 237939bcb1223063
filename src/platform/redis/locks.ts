import { randomBytes } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { AppError } from '../errors';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * How long one process may keep the Redis guard by handing it between its own queued waiters
 * before it gives the guard back, so that other processes get their turn.
 */
const HANDOVER_MS = 250;

export interface LockOptions {
  /** How long the lock lives if its holder dies. */
  readonly ttlMs: number;
  /** How long to wait for it before giving up with 503 `<name>.BUSY`-style error. */
  readonly waitMs: number;
}

/** The replies of a pipeline's commands, as ioredis gives them: `[error, result]` each. */
export type PipelineReplies = readonly [Error | null, unknown][];

/** This process's hold on one key: its waiters queue here and the Redis token passes between them. */
interface KeyQueue {
  /** Work waiting for the key in this process, in arrival order. */
  readonly waiting: (() => void)[];
  /** The Redis token while this process holds the key; handed from one waiter to the next. */
  token: string | undefined;
  /** When this process took the Redis guard; it is handed over only within HANDOVER_MS of that. */
  takenAt: number;
  busy: boolean;
}

/**
 * Short mutual-exclusion locks, for serialising writes. Inside a process, work on one key queues
 * (no polling); between processes a Redis lock (SET NX PX + token-checked release) is the guard,
 * taken once for a run of queued work and handed from one waiter to the next while the queue is
 * not empty (docs/decisions/0033). Not for long jobs.
 */
export class RedisLocks {
  private readonly queues = new Map<string, KeyQueue>();

  constructor(private readonly redis: Redis) {}

  /**
   * Runs `work` holding the key. `alongside` adds commands (reads, marks) that the first attempt to
   * take the Redis guard sends in the same round trip, right after its `SET NX`: when that attempt
   * takes the guard, they ran under it and `work` gets their replies; when this process already
   * held the guard, or the first attempt found it taken, `work` gets `undefined` and reads for
   * itself (docs/decisions/0063).
   */
  async withLock<T>(
    key: string,
    options: LockOptions,
    work: (alongside: PipelineReplies | undefined) => Promise<T>,
    alongside?: (pipeline: ChainableCommander) => void,
  ): Promise<T> {
    const queue = this.queueOf(key);
    await this.turn(queue, options);
    try {
      return await work(await this.hold(key, queue, options, alongside));
    } finally {
      // Not awaited: the caller has its answer once the work is done, and giving the guard back
      // (one Redis round trip) happens behind it. Its command is sent before anything the caller
      // does next on the same connection, and this process's own later arrivals queue behind it.
      void this.next(key, queue, options);
    }
  }

  /** Takes a renewable lease: true if this holder now has it (newly or still). */
  async lease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    if ((await this.redis.set(`lease:${key}`, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return (await this.redis.eval(EXTEND, 1, `lease:${key}`, holder, String(ttlMs))) === 1;
  }

  /** Who holds the lease now, if anyone (for messages such as "job already running"). */
  async leaseHolder(key: string): Promise<string | undefined> {
    return (await this.redis.get(`lease:${key}`)) ?? undefined;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, `lease:${key}`, holder);
  }

  private queueOf(key: string): KeyQueue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { waiting: [], token: undefined, takenAt: 0, busy: false };
      this.queues.set(key, queue);
    }
    return queue;
  }

  /** Waits for this process's turn on the key, at most `waitMs`. */
  private turn(queue: KeyQueue, options: LockOptions): Promise<void> {
    if (!queue.busy) {
      queue.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = queue.waiting.indexOf(go);
        if (index >= 0) queue.waiting.splice(index, 1);
        reject(new AppError('LOCK.UNAVAILABLE', 'busy, try again'));
      }, options.waitMs);
      function go(): void {
        clearTimeout(timer);
        resolve();
      }
      queue.waiting.push(go);
    });
  }

  /**
   * Makes sure this process holds the Redis guard: keeps the one handed over, or takes it. The
   * first `SET NX` carries `alongside`'s commands; their replies are returned when it succeeded.
   */
  private async hold(
    key: string,
    queue: KeyQueue,
    options: LockOptions,
    alongside?: (pipeline: ChainableCommander) => void,
  ): Promise<PipelineReplies | undefined> {
    if (queue.token !== undefined) return undefined;
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + options.waitMs;
    const take = async (): Promise<boolean> =>
      (await this.redis.set(`lock:${key}`, token, 'PX', options.ttlMs, 'NX')) === 'OK';
    let replies: PipelineReplies | undefined;
    let taken: boolean;
    if (alongside) {
      const pipeline = this.redis.pipeline().set(`lock:${key}`, token, 'PX', options.ttlMs, 'NX');
      alongside(pipeline);
      const [set, ...rest] = (await pipeline.exec()) ?? [];
      if (set?.[0]) throw set[0];
      taken = set?.[1] === 'OK';
      if (taken) replies = rest;
    } else {
      taken = await take();
    }
    let delay = 2;
    while (!taken) {
      if (Date.now() > deadline) throw new AppError('LOCK.UNAVAILABLE', 'busy, try again', { key });
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
      taken = await take();
    }
    queue.token = token;
    queue.takenAt = Date.now();
    return replies;
  }

  /** Hands the key to the next waiter in this process, or gives the Redis guard back. */
  private async next(key: string, queue: KeyQueue, options: LockOptions): Promise<void> {
    const handover = Math.min(HANDOVER_MS, options.ttlMs / 2);
    if (queue.waiting.length > 0 && queue.token !== undefined && Date.now() - queue.takenAt < handover) {
      queue.waiting.shift()?.();
      return;
    }
    const token = queue.token;
    queue.token = undefined;
    if (token !== undefined) await this.redis.eval(RELEASE, 1, `lock:${key}`, token).catch(() => undefined);
    // Waiters that arrived while the guard was being released are served too.
    const waiter = queue.waiting.shift();
    if (waiter) {
      waiter();
      return;
    }
    queue.busy = false;
    this.queues.delete(key);
  }
}

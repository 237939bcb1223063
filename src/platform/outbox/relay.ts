import type { EventPublisher } from '../kafka';
import type { Logger } from '../logger';
import type { OutboxEntry, OutboxSource } from './ports';

export interface RelayOptions {
  readonly batchSize: number;
  /** Safety-net poll when no wake-up arrives (a lost notification, another store's relay died). */
  readonly pollIntervalMs: number;
  /** Longest pause between attempts while Kafka refuses. */
  readonly maxBackoffMs: number;
}

/**
 * Publishes an owner store's outbox to Kafka in outbox order, then marks the entries published.
 * Woken right after commits; polls as a safety net; while Kafka is down the entries wait and the
 * relay retries with backoff. A crash between publish and mark re-publishes (at least once); the
 * consumers are idempotent.
 */
export class OutboxRelay {
  private running = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly source: OutboxSource,
    private readonly publisher: EventPublisher,
    private readonly options: RelayOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.unsubscribe = await this.source.subscribe(() => this.wake());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.unsubscribe?.();
    await this.source.release();
  }

  /** Asks the relay to look at the outbox now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (this.running) {
      try {
        const drained = await this.drainOnce();
        backoffMs = 0;
        if (drained) await this.sleep(this.options.pollIntervalMs);
      } catch (error) {
        backoffMs = Math.min(Math.max(backoffMs * 2, 100), this.options.maxBackoffMs);
        this.logger.warn('outbox relay could not publish; entries kept', {
          outbox: this.source.name,
          retryInMs: backoffMs,
          error: error instanceof Error ? error.message : String(error),
        });
        await this.sleep(backoffMs);
      }
    }
  }

  /** Publishes one batch if this relay leads; true when nothing more is waiting. */
  private async drainOnce(): Promise<boolean> {
    if (!(await this.source.tryLead())) return true;
    const batch = await this.source.pending(this.options.batchSize);
    if (batch.length === 0) return true;
    for (const run of runsByTopic(batch)) {
      await this.publisher.publish(
        run.topic,
        run.entries.map((entry) => ({
          key: entry.key,
          value: JSON.stringify(entry.envelope),
          headers: { 'event-type': entry.envelope.type, 'event-id': entry.envelope.id },
        })),
      );
    }
    await this.source.markPublished(batch);
    return batch.length < this.options.batchSize;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        this.woken = false;
        done();
      };
    });
  }
}

/** Consecutive entries of the same topic, in order: each run is one produce call. */
function runsByTopic(entries: readonly OutboxEntry[]): { topic: string; entries: OutboxEntry[] }[] {
  const runs: { topic: string; entries: OutboxEntry[] }[] = [];
  for (const entry of entries) {
    const last = runs.at(-1);
    if (last?.topic === entry.topic) last.entries.push(entry);
    else runs.push({ topic: entry.topic, entries: [entry] });
  }
  return runs;
}

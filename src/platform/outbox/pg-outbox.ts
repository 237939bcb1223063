import pg from 'pg';
import type { EventEnvelope } from '../kafka';
import type { Logger } from '../logger';
import type { OutboxEntry, OutboxSource } from './ports';

/** The NOTIFY channel that wakes relays right after an outbox commit. */
const CHANNEL = 'polychat_outbox';
/** Advisory lock key of the PostgreSQL relay lease ('pgoutbox' as 64 bits). */
const LEASE_KEY = '7453863123400849784';

/** How often the leading relay deletes published entries past their retention. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** The application_name of the LISTEN connection (one per subscribed relay). */
export const LISTENER_APPLICATION = 'polychat-relay-listen';

/** Reconnect pacing of the LISTEN connection: exponential from `baseMs`, capped, with jitter. */
export interface ListenBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Budget of one connection attempt. */
  readonly connectTimeoutMs: number;
}

const DEFAULT_LISTEN_BACKOFF: ListenBackoff = { baseMs: 250, maxMs: 5000, connectTimeoutMs: 5000 };

/** "Equal jitter": half the exponential step fixed, half random, so many relays do not reconnect in step. */
export function backoffDelay(backoff: ListenBackoff, attempt: number): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt - 1, 20));
  return step / 2 + Math.random() * (step / 2);
}

/** Something that runs parameterised SQL: a pool or a client inside a transaction. */
type Queryable = Pick<pg.PoolClient, 'query'>;

/** An event to append: the envelope plus where it goes. */
export interface PendingEvent {
  readonly topic: string;
  readonly envelope: EventEnvelope;
}

/**
 * Appends events to the outbox inside the caller's transaction, after the aggregate row was
 * written (and so locked): two transactions on the same aggregate then get outbox positions in
 * commit order. The NOTIFY is delivered on commit only.
 */
export async function appendToPgOutbox(tx: Queryable, events: readonly PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (event_id, topic, message_key, envelope)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
    [
      events.map((event) => event.envelope.id),
      events.map((event) => event.topic),
      events.map((event) => event.envelope.aggregateId),
      events.map((event) => JSON.stringify(event.envelope)),
    ],
  );
  await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, '']);
}

/**
 * The PostgreSQL outbox for the relay. The lease is a session advisory lock held on a dedicated
 * connection: exactly one relay process publishes, and if it dies its connection (and the lease)
 * goes with it.
 */
export class PgOutboxSource implements OutboxSource {
  readonly name = 'postgres';
  private leaseClient: pg.Client | undefined;
  private lastPrune = 0;
  /** Connection attempts of LISTEN connections so far (the first one included): bounded during outages. */
  listenAttempts = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly logger: Logger,
    /** Published entries are kept this long (for inspection), then deleted. */
    private readonly retentionMs = 24 * 60 * 60 * 1000,
    private readonly listenBackoff: ListenBackoff = DEFAULT_LISTEN_BACKOFF,
  ) {}

  async tryLead(): Promise<boolean> {
    if (this.leaseClient) return true;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'polychat-relay-lease',
      connectionTimeoutMillis: this.listenBackoff.connectTimeoutMs,
    });
    client.on('error', (error) => {
      this.logger.warn('outbox lease connection lost', { error: error.message });
      if (this.leaseClient === client) this.leaseClient = undefined;
    });
    client.once('end', () => {
      if (this.leaseClient === client) this.leaseClient = undefined;
    });
    let rows: { locked: boolean }[];
    try {
      await client.connect();
      ({ rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        LEASE_KEY,
      ]));
    } catch (error) {
      // A failed attempt must not leave a socket behind: the relay retries this every poll.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (rows[0]?.locked) {
      this.leaseClient = client;
      this.logger.info('outbox relay leads', { outbox: this.name });
      return true;
    }
    await client.end();
    return false;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.pool.query<{
      seq: string;
      topic: string;
      message_key: string;
      envelope: EventEnvelope;
    }>(
      `SELECT seq, topic, message_key, envelope FROM outbox
       WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ position: row.seq, topic: row.topic, key: row.message_key, envelope: row.envelope }));
  }

  async markPublished(entries: readonly OutboxEntry[]): Promise<void> {
    await this.pool.query('UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])', [
      entries.map((entry) => entry.position),
    ]);
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      const { rowCount } = await this.pool.query(
        `DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)`,
        [this.retentionMs / 1000],
      );
      if (rowCount) this.logger.debug('outbox pruned', { outbox: this.name, deleted: rowCount });
    }
  }

  /**
   * LISTENs on a dedicated connection. If PostgreSQL drops it (a restart, a failover), ONE
   * reconnect loop retries with a capped, jittered backoff until a new listener is up; the relay's
   * poll covers the gap, and a wake-up follows the reconnect so nothing committed meanwhile waits
   * for the poll. A client that failed to connect is closed and never reconnects by itself: only
   * the loop does, so an outage costs one connection attempt at a time, never a growing number.
   */
  async subscribe(wake: () => void): Promise<() => Promise<void>> {
    let stopped = false;
    let current: pg.Client | undefined;
    let reconnecting: Promise<void> | undefined;
    let cancelSleep: (() => void) | undefined;

    const open = async (): Promise<void> => {
      this.listenAttempts += 1;
      const listener = new pg.Client({
        connectionString: this.url,
        application_name: LISTENER_APPLICATION,
        connectionTimeoutMillis: this.listenBackoff.connectTimeoutMs,
      });
      listener.on('notification', () => wake());
      listener.on('error', () => undefined); // 'end' follows; only the current listener reacts to it
      listener.once('end', () => {
        if (current !== listener) return;
        current = undefined;
        if (stopped) return;
        this.logger.warn('outbox listener lost; reconnecting (polling meanwhile)', { outbox: this.name });
        startReconnecting();
      });
      try {
        await listener.connect();
        await listener.query(`LISTEN ${CHANNEL}`);
      } catch (error) {
        await listener.end().catch(() => undefined);
        throw error;
      }
      if (stopped) {
        await listener.end().catch(() => undefined);
        return;
      }
      current = listener;
    };

    const reconnectLoop = async (): Promise<void> => {
      let lastError = '';
      for (let attempt = 1; !stopped; attempt += 1) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoffDelay(this.listenBackoff, attempt));
          cancelSleep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        cancelSleep = undefined;
        if (stopped) return;
        try {
          await open();
          this.logger.info('outbox listener reconnected', { outbox: this.name, attempts: attempt });
          wake();
          return;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (message !== lastError) this.logger.warn('outbox listener reconnect failed', { outbox: this.name, error });
          lastError = message;
        }
      }
    };

    const startReconnecting = (): void => {
      if (reconnecting || stopped) return;
      reconnecting = reconnectLoop().finally(() => {
        reconnecting = undefined;
        // The new listener may have been lost between its connect and the end of the loop.
        if (!current && !stopped) startReconnecting();
      });
    };

    await open();
    return async () => {
      stopped = true;
      cancelSleep?.();
      await reconnecting;
      await current?.end().catch(() => undefined);
      current = undefined;
    };
  }

  async backlog(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }

  async release(): Promise<void> {
    const client = this.leaseClient;
    this.leaseClient = undefined;
    await client?.end().catch(() => undefined);
  }
}

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

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly logger: Logger,
    /** Published entries are kept this long (for inspection), then deleted. */
    private readonly retentionMs = 24 * 60 * 60 * 1000,
  ) {}

  async tryLead(): Promise<boolean> {
    if (this.leaseClient) return true;
    const client = new pg.Client({ connectionString: this.url, application_name: 'polychat-relay-lease' });
    client.on('error', (error) => {
      this.logger.warn('outbox lease connection lost', { error: error.message });
      if (this.leaseClient === client) this.leaseClient = undefined;
    });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      LEASE_KEY,
    ]);
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
   * LISTENs on a dedicated connection. If PostgreSQL drops it (a restart, a failover), it
   * reconnects with a growing delay; the relay's poll covers the gap, and a wake-up follows the
   * reconnect so nothing committed meanwhile waits for the poll.
   */
  async subscribe(wake: () => void): Promise<() => Promise<void>> {
    let stopped = false;
    let current: pg.Client | undefined;
    const connect = async (): Promise<void> => {
      const listener = new pg.Client({ connectionString: this.url, application_name: 'polychat-relay-listen' });
      listener.on('notification', () => wake());
      listener.on('error', () => undefined); // 'end' follows and reconnects
      listener.once('end', () => {
        if (stopped) return;
        this.logger.warn('outbox listener lost; reconnecting (polling meanwhile)', { outbox: this.name });
        void reconnect(250);
      });
      await listener.connect();
      await listener.query(`LISTEN ${CHANNEL}`);
      current = listener;
    };
    const reconnect = async (delayMs: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (stopped) return;
      try {
        await connect();
        wake();
      } catch {
        void reconnect(Math.min(delayMs * 2, 5000));
      }
    };
    await connect();
    return async () => {
      stopped = true;
      await current?.end().catch(() => undefined);
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

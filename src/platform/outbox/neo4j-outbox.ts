import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { EventEnvelope } from '../kafka';
import type { Logger } from '../logger';
import type { PendingEvent } from './pg-outbox';
import type { OutboxEntry, OutboxSource } from './ports';

/** Something that runs Cypher inside the caller's transaction. */
type CypherRunner = Pick<ManagedTransaction, 'run'>;

/** In-process wake-up: writers call wakeNeo4jOutbox() after commit; relays in this process listen. */
const commits = new EventEmitter().setMaxListeners(0);

/** Tells relays in this process that an outbox transaction committed (others find it by polling). */
export function wakeNeo4jOutbox(): void {
  commits.emit('commit');
}

/**
 * Appends events as `(:OutboxEvent)` nodes inside the caller's transaction, numbered from the
 * `(:OutboxSequence)` counter. Writing the counter locks it until commit, so sequence numbers
 * follow commit order and the relay never sees a gap that fills in later. `namespace` keeps the
 * outboxes of environments that share one Neo4j database (dev, test runs) apart: use the Kafka
 * topic prefix. Call it last in the transaction, then wakeNeo4jOutbox() after commit.
 */
export async function appendToNeo4jOutbox(
  tx: CypherRunner,
  events: readonly PendingEvent[],
  namespace = '',
): Promise<void> {
  if (events.length === 0) return;
  await tx.run(
    `MERGE (s:OutboxSequence {name: 'neo4j'})
     SET s.value = coalesce(s.value, 0) + size($events)
     WITH s.value - size($events) AS base
     UNWIND range(0, size($events) - 1) AS i
     WITH base, i, $events[i] AS event
     CREATE (:OutboxEvent {seq: base + i + 1, id: event.id, topic: event.topic, key: event.key,
       envelope: event.envelope, namespace: $namespace, createdAt: datetime(), published: false})`,
    {
      namespace,
      events: events.map(({ topic, envelope }) => ({
        id: envelope.id,
        topic,
        key: envelope.aggregateId,
        envelope: JSON.stringify(envelope),
      })),
    },
  );
}

export interface Neo4jOutboxOptions {
  /** The namespace writers used (the Kafka topic prefix); one lease per namespace. */
  readonly namespace?: string;
  /** How long a lease lasts unless renewed; the relay renews it on every round. */
  readonly leaseMs?: number;
  /** Published entries are deleted after this long. */
  readonly retentionMs?: number;
}

/**
 * The Neo4j outbox for the relay. The lease is one `(:OutboxLease)` node per namespace holding
 * the leader's id and an expiry, taken and renewed in a write transaction (so two relays never
 * both lead) and checked against the database clock. Published entries are marked, then pruned
 * after `retentionMs`.
 */
export class Neo4jOutboxSource implements OutboxSource {
  readonly name = 'neo4j';
  private readonly holder = randomUUID();
  private readonly namespace: string;
  private readonly leaseMs: number;
  private readonly retentionMs: number;

  constructor(
    private readonly driver: Driver,
    private readonly logger: Logger,
    options: Neo4jOutboxOptions = {},
  ) {
    this.namespace = options.namespace ?? '';
    this.leaseMs = options.leaseMs ?? 15_000;
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
  }

  async tryLead(): Promise<boolean> {
    // The first SET takes the node's write lock, so the holder read after it is the latest.
    const { records } = await this.driver.executeQuery(
      `MERGE (l:OutboxLease {name: $name})
       SET l.lockedAt = timestamp()
       WITH l, l.holder IS NULL OR l.holder = $holder OR l.expiresAt < timestamp() AS free
       SET l.holder = CASE WHEN free THEN $holder ELSE l.holder END,
           l.expiresAt = CASE WHEN free THEN timestamp() + $leaseMs ELSE l.expiresAt END
       RETURN free, l.holder = $holder AS leads`,
      { name: this.leaseName(), holder: this.holder, leaseMs: neo4j.int(this.leaseMs) },
    );
    return records[0]?.get('leads') === true;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (e:OutboxEvent) WHERE e.published = false AND e.namespace = $namespace
       RETURN e.seq AS seq, e.topic AS topic, e.key AS key, e.envelope AS envelope
       ORDER BY e.seq LIMIT $limit`,
      { namespace: this.namespace, limit: neo4j.int(limit) },
      { routing: 'READ' },
    );
    return records.map((record) => ({
      position: String(record.get('seq')),
      topic: record.get('topic') as string,
      key: record.get('key') as string,
      envelope: JSON.parse(record.get('envelope') as string) as EventEnvelope,
    }));
  }

  async markPublished(entries: readonly OutboxEntry[]): Promise<void> {
    await this.driver.executeQuery(
      `UNWIND $seqs AS seq
       MATCH (e:OutboxEvent {seq: seq})
       SET e.published = true, e.publishedAt = timestamp()`,
      { seqs: entries.map((entry) => neo4j.int(entry.position)) },
    );
    await this.driver.executeQuery(
      `MATCH (e:OutboxEvent) WHERE e.publishedAt < timestamp() - $retentionMs
       WITH e LIMIT 1000 DELETE e`,
      { retentionMs: neo4j.int(this.retentionMs) },
    );
  }

  subscribe(wake: () => void): Promise<() => Promise<void>> {
    commits.on('commit', wake);
    return Promise.resolve(() => {
      commits.off('commit', wake);
      return Promise.resolve();
    });
  }

  async backlog(): Promise<number> {
    const { records } = await this.driver.executeQuery(
      'MATCH (e:OutboxEvent) WHERE e.published = false AND e.namespace = $namespace RETURN count(e) AS n',
      { namespace: this.namespace },
      { routing: 'READ' },
    );
    return Number(records[0]?.get('n') ?? 0);
  }

  async release(): Promise<void> {
    await this.driver
      .executeQuery('MATCH (l:OutboxLease {name: $name, holder: $holder}) SET l.holder = null, l.expiresAt = 0', {
        name: this.leaseName(),
        holder: this.holder,
      })
      .catch((error: unknown) => this.logger.warn('could not release the neo4j outbox lease', { error }));
  }

  private leaseName(): string {
    return `neo4j:${this.namespace}`;
  }
}

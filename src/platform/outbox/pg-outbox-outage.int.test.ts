import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { testFaultStack } from '../../../scripts/chaos/fault-stack';
import type { Booted } from '../../bootstrap';
import { migratePostgres } from '../../cli/migrate';
import { eventually } from '../../testing/app';
import { bootForTest } from '../../testing/boot';
import { testConfig } from '../../testing/config';
import { createEnvelope, KAFKA_PLATFORM, type KafkaPlatform } from '../kafka';
import { createLogger } from '../logger';
import { PG_POOL, withTransaction } from '../postgres';
import { appendToPgOutbox, LISTENER_APPLICATION, PgOutboxSource } from './pg-outbox';
import { OutboxRelay } from './relay';

/**
 * Kills the PostgreSQL of a private stack under a subscribed outbox relay: the listener must retry
 * one connection at a time (not double its reconnect loops per failure), end with exactly one
 * LISTEN connection, and the relay must publish again once PostgreSQL is back.
 */
describe('PostgreSQL outbox listener during an outage (integration, private stack)', function () {
  this.timeout(180_000);
  const stack = testFaultStack();
  let booted: Booted;
  let pool: pg.Pool;
  let kafka: KafkaPlatform;
  const topic = `pg-outage-${randomUUID().slice(0, 8)}.v1`;

  before(async () => {
    await stack.up(['postgres']);
    const config = testConfig({ PG_URL: stack.urls('polychat_test_faults').PG_URL });
    await migratePostgres(config, createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 }), {
      direction: 'up',
    });
    booted = await bootForTest(config);
    pool = booted.container.get<pg.Pool>(PG_POOL);
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    await kafka.ensureTopics([topic]);
  });
  after(async () => {
    await stack.up(['postgres']); // whatever happened, leave it running for the next suite
    await kafka?.deleteTopics([topic]).catch(() => undefined);
    await booted?.stop();
  });

  /** LISTEN connections of this stack's polychat_test_faults database, counted by the server. */
  async function listenerConnections(): Promise<number> {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Appends an entry (retrying while the pool's dead clients are replaced) and waits until the relay published it. */
  async function publishedSoon(aggregateId: string): Promise<void> {
    const envelope = createEnvelope({ type: 'test.after_outage', aggregateId, payload: {} });
    let written = false;
    await eventually(
      `entry ${envelope.id} published`,
      async () => {
        try {
          if (!written) {
            await withTransaction(pool, (tx) => appendToPgOutbox(tx, [{ topic, envelope }]));
            written = true;
          }
          const { rows } = await pool.query<{ published: boolean }>(
            'SELECT published_at IS NOT NULL AS published FROM outbox WHERE event_id = $1',
            [envelope.id],
          );
          return rows[0]?.published ?? false;
        } catch {
          return false; // the pool's clients died with the server; the next query gets a fresh one
        }
      },
      (published) => published,
      30_000,
    );
  }

  it('keeps one reconnect loop with bounded backoff, ends with one listener, and the relay publishes again', async () => {
    const backoff = { baseMs: 100, maxMs: 1000, connectTimeoutMs: 1000 };
    const source = new PgOutboxSource(pool, booted.config.PG_URL, booted.logger, 24 * 3600 * 1000, backoff);
    const relay = new OutboxRelay(
      source,
      kafka,
      { batchSize: 100, pollIntervalMs: 60_000, maxBackoffMs: 500 },
      booted.logger,
    );
    await relay.start();
    try {
      assert.equal(await listenerConnections(), 1);
      const downAt = Date.now();
      await stack.kill('postgres');
      // Stay down until the listener has failed several times: each failure used to double the loops.
      await eventually(
        'eight failed reconnect attempts',
        async () => source.listenAttempts,
        (n) => n >= 1 + 8,
        30_000,
      );
      const downMs = Date.now() - downAt;
      const attemptsWhileDown = source.listenAttempts - 1;
      // One loop: at most one attempt per half base step (the smallest jittered delay) plus the first.
      assert.ok(
        attemptsWhileDown <= 2 + downMs / (backoff.baseMs / 2),
        `${attemptsWhileDown} attempts in ${downMs} ms`,
      );
      await stack.up(['postgres']);
      // The poll is a minute away: only the listener's reconnect wake-up (or a NOTIFY) makes the relay publish now.
      await publishedSoon(randomUUID());
      // The relay's own retry after its failed polls may publish before the listener's backoff
      // ends: wait for the listener to be back (one), then check that it stays one.
      await eventually(
        'one listener again',
        () => listenerConnections().catch(() => -1),
        (n) => n === 1,
        15_000,
      );
      const attemptsAfterRestart = source.listenAttempts;
      // And it stays one: no straggling loop opens another, and NOTIFY still wakes the relay.
      await publishedSoon(randomUUID());
      assert.equal(await listenerConnections(), 1);
      assert.equal(source.listenAttempts, attemptsAfterRestart);
    } finally {
      await relay.stop();
    }
    assert.equal(await listenerConnections(), 0);
  });
});

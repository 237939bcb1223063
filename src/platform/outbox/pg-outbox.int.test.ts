import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Booted } from '../../bootstrap';
import { assertPublishedInOrder } from '../../testing/kafka';
import { bootForTest } from '../../testing/boot';
import { createEnvelope, KAFKA_PLATFORM, type KafkaPlatform } from '../kafka';
import { PG_POOL, withTransaction } from '../postgres';
import { appendToPgOutbox, PgOutboxSource } from './pg-outbox';
import { OutboxRelay } from './relay';

describe('PostgreSQL outbox with two relays (integration)', function () {
  this.timeout(120_000);
  let booted: Booted;
  let kafka: KafkaPlatform;
  let pool: Pool;
  const topic = `outbox-${randomUUID().slice(0, 8)}.v1`;

  before(async () => {
    booted = await bootForTest();
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    pool = booted.container.get<Pool>(PG_POOL);
    await kafka.ensureTopics([topic]);
  });
  after(async () => {
    await kafka.deleteTopics([topic]);
    await booted.stop();
  });

  it('deletes published entries past their retention, never pending ones', async () => {
    const envelope = (aggregateId: string) => createEnvelope({ type: 'test.kept', aggregateId, payload: {} });
    const [old, fresh, pending] = [envelope(randomUUID()), envelope(randomUUID()), envelope(randomUUID())];
    await withTransaction(pool, (tx) =>
      appendToPgOutbox(
        tx,
        [old, fresh, pending].map((e) => ({ topic: `${topic}.unpublished`, envelope: e })),
      ),
    );
    await pool.query(`UPDATE outbox SET published_at = now() - interval '2 days' WHERE event_id = $1`, [old.id]);
    await pool.query(`UPDATE outbox SET published_at = now() - interval '1 hour' WHERE event_id = $1`, [fresh.id]);
    await new PgOutboxSource(pool, booted.config.PG_URL, booted.logger, 24 * 3600 * 1000).markPublished([]);
    const { rows } = await pool.query<{ event_id: string }>('SELECT event_id FROM outbox WHERE event_id = ANY($1)', [
      [old.id, fresh.id, pending.id],
    ]);
    assert.deepEqual(rows.map((row) => row.event_id).sort(), [fresh.id, pending.id].sort());
    await pool.query('DELETE FROM outbox WHERE event_id = ANY($1)', [[fresh.id, pending.id]]);
  });

  it('publishes each entry once, in order per aggregate, while two relays and writers run at once', async () => {
    const relays = [0, 1].map(
      () =>
        new OutboxRelay(
          new PgOutboxSource(pool, booted.config.PG_URL, booted.logger),
          kafka,
          { batchSize: 25, pollIntervalMs: 200, maxBackoffMs: 500 },
          booted.logger,
        ),
    );
    await Promise.all(relays.map((relay) => relay.start()));
    const aggregates = Array.from({ length: 8 }, () => randomUUID());
    const perAggregate = 30;
    try {
      // Writers: each aggregate's events are appended in order, in many small transactions.
      await Promise.all(
        aggregates.map(async (aggregateId) => {
          for (let version = 1; version <= perAggregate; version += 1) {
            const envelope = createEnvelope({ type: 'test.counted', aggregateId, version, payload: {} });
            await withTransaction(pool, (tx) => appendToPgOutbox(tx, [{ topic, envelope }]));
          }
        }),
      );
      await assertPublishedInOrder(booted, kafka, topic, aggregates, perAggregate);
      const { rows } = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM outbox WHERE topic = $1 AND published_at IS NULL',
        [topic],
      );
      assert.equal(Number(rows[0]?.n), 0);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Booted } from '../../bootstrap';
import { assertPublishedInOrder } from '../../testing/kafka';
import { bootForTest } from '../../testing/boot';
import { createEnvelope, KAFKA_PLATFORM, type KafkaPlatform } from '../kafka';
import { NEO4J_DRIVER } from '../neo4j';
import { appendToNeo4jOutbox, Neo4jOutboxSource, wakeNeo4jOutbox } from './neo4j-outbox';
import { OutboxRelay } from './relay';

describe('Neo4j outbox with two relays (integration)', function () {
  this.timeout(120_000);
  let booted: Booted;
  let kafka: KafkaPlatform;
  let neo4j: Driver;
  const topic = `outbox-neo4j-${randomUUID().slice(0, 8)}.v1`;
  const namespace = `test-outbox-${randomUUID()}`;
  const otherNamespace = `${namespace}-other`;

  const envelope = (aggregateId: string, version: number) =>
    createEnvelope({ type: 'test.counted', aggregateId, version, payload: {} });
  const append = async (aggregateId: string, version: number, ns = namespace): Promise<void> => {
    const session = neo4j.session();
    try {
      await session.executeWrite((tx) =>
        appendToNeo4jOutbox(tx, [{ topic, envelope: envelope(aggregateId, version) }], ns),
      );
    } finally {
      await session.close();
    }
    wakeNeo4jOutbox();
  };

  before(async () => {
    booted = await bootForTest();
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    neo4j = booted.container.get<Driver>(NEO4J_DRIVER);
    await kafka.ensureTopics([topic]);
  });
  after(async () => {
    await neo4j.executeQuery('MATCH (e:OutboxEvent) WHERE e.namespace IN $ns DELETE e', {
      ns: [namespace, otherNamespace],
    });
    await neo4j.executeQuery('MATCH (l:OutboxLease) WHERE l.name IN $names DELETE l', {
      names: [`neo4j:${namespace}`, `neo4j:${otherNamespace}`],
    });
    await kafka.deleteTopics([topic]);
    await booted.stop();
  });

  it('gives one relay the lease at a time, hands it over on release and on expiry', async () => {
    const ns = `${namespace}-lease`;
    const [a, b] = [0, 1].map(() => new Neo4jOutboxSource(neo4j, booted.logger, { namespace: ns, leaseMs: 2000 }));
    try {
      assert.equal(await a!.tryLead(), true);
      assert.equal(await b!.tryLead(), false);
      assert.equal(await a!.tryLead(), true, 'renewing');
      await a!.release();
      assert.equal(await b!.tryLead(), true);
      assert.equal(await a!.tryLead(), false);
      // A lease long enough that a cold database's first queries cannot outlive it by accident.
      await new Promise((resolve) => setTimeout(resolve, 2300));
      assert.equal(await a!.tryLead(), true, 'an expired lease is free');
      assert.equal(await b!.tryLead(), false);
      const racers = Array.from(
        { length: 6 },
        () => new Neo4jOutboxSource(neo4j, booted.logger, { namespace: `${ns}-race` }),
      );
      const leads = await Promise.all(racers.map((racer) => racer.tryLead()));
      assert.equal(leads.filter(Boolean).length, 1, 'concurrent candidates: exactly one leads');
    } finally {
      await neo4j.executeQuery('MATCH (l:OutboxLease) WHERE l.name STARTS WITH $prefix DELETE l', {
        prefix: `neo4j:${ns}`,
      });
    }
  });

  it('numbers concurrent appends uniquely; a later number waits for the earlier transaction to end', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(`seq-${i}`, 1, otherNamespace)));
    const { records } = await neo4j.executeQuery('MATCH (e:OutboxEvent {namespace: $ns}) RETURN e.seq AS seq', {
      ns: otherNamespace,
    });
    const seqs = records.map((record) => record.get('seq') as number);
    assert.equal(seqs.length, 40);
    assert.equal(new Set(seqs).size, 40);
    assert.ok(seqs.every((seq) => Number.isInteger(seq)));

    // While one transaction holds a number uncommitted, the next cannot take one: so the relay
    // never publishes past a number that commits later.
    const [first, second] = [neo4j.session(), neo4j.session()];
    const [txA, txB] = [first.beginTransaction(), second.beginTransaction()];
    try {
      await appendToNeo4jOutbox(txA, [{ topic, envelope: envelope('order-a', 1) }], `${namespace}-order`);
      let secondDone = false;
      const secondAppend = appendToNeo4jOutbox(
        txB,
        [{ topic, envelope: envelope('order-b', 1) }],
        `${namespace}-order`,
      ).then(() => (secondDone = true));
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(secondDone, false, 'the second append waits for the first transaction');
      await txA.commit();
      await secondAppend;
      await txB.commit();
      const order = await neo4j.executeQuery(
        'MATCH (e:OutboxEvent {namespace: $ns}) RETURN e.key AS key ORDER BY e.seq',
        { ns: `${namespace}-order` },
      );
      assert.deepEqual(
        order.records.map((record) => record.get('key') as string),
        ['order-a', 'order-b'],
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
      await neo4j.executeQuery('MATCH (e:OutboxEvent {namespace: $ns}) DELETE e', { ns: `${namespace}-order` });
    }
  });

  it('publishes each entry once, in order per aggregate, while two relays and writers run at once', async () => {
    const source = () => new Neo4jOutboxSource(neo4j, booted.logger, { namespace });
    const relays = [0, 1].map(
      () => new OutboxRelay(source(), kafka, { batchSize: 25, pollIntervalMs: 200, maxBackoffMs: 500 }, booted.logger),
    );
    await Promise.all(relays.map((relay) => relay.start()));
    const aggregates = Array.from({ length: 6 }, () => randomUUID());
    const perAggregate = 20;
    try {
      await Promise.all(
        aggregates.map(async (aggregateId) => {
          for (let version = 1; version <= perAggregate; version += 1) await append(aggregateId, version);
        }),
      );
      await assertPublishedInOrder(booted, kafka, topic, aggregates, perAggregate);
      assert.equal(await source().backlog(), 0);
      const other = new Neo4jOutboxSource(neo4j, booted.logger, { namespace: otherNamespace });
      assert.equal(await other.backlog(), 40, "another namespace's entries are left alone");
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });
});

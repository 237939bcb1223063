import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decodeEnvelope, KAFKA_PLATFORM, type EventEnvelope, type KafkaPlatform } from '../../platform/kafka';
import { eventually } from '../../testing/app';
import { FRIENDSHIPS_TOPIC, pairKey } from './domain/events';
import { startFriendsApp, type FriendsApp } from '../../testing/friends';

describe('friendship events (integration)', function () {
  this.timeout(120_000);
  let f: FriendsApp;

  before(async () => {
    f = await startFriendsApp();
  });
  after(() => f.stop());

  it('publishes each change of a pair once, in order, keyed by the pair, as valid envelopes', async () => {
    const [amy, ben] = [await f.user('Amy'), await f.user('Ben')];
    const sent = await f.call<{ request: { id: string } }>(amy, 'POST', '/v1/friends/requests', { userId: ben.id });
    const requestId = sent.body.request.id;
    await f.call(amy, 'POST', '/v1/friends/requests', { userId: ben.id }); // a repeat: no event
    await f.call(ben, 'POST', `/v1/friends/requests/${requestId}/accept`);
    await f.call(amy, 'POST', `/v1/blocks/${ben.id}`); // ends the friendship too: two events
    await f.call(amy, 'DELETE', `/v1/blocks/${ben.id}`);

    const kafka = f.app.booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    const key = pairKey(amy.id, ben.id);
    const seen: { key: string; envelope: EventEnvelope }[] = [];
    const consumer = kafka.kafka.consumer({ groupId: `${f.app.booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: kafka.topic(FRIENDSHIPS_TOPIC), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ key: String(message.key), envelope: decodeEnvelope(message.value) });
      },
    });
    try {
      const mine = () => seen.filter((entry) => entry.envelope.aggregateId === key);
      await eventually(
        'the five events',
        async () => mine().length,
        (n) => n >= 5,
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
      assert.deepEqual(
        mine().map(({ key: messageKey, envelope }) => [messageKey, envelope.version, envelope.type, envelope.actorId]),
        [
          [key, 1, 'friendship.request_sent', amy.id],
          [key, 2, 'friendship.request_accepted', ben.id],
          [key, 3, 'friendship.removed', amy.id],
          [key, 4, 'friendship.blocked', amy.id],
          [key, 5, 'friendship.unblocked', amy.id],
        ],
      );
      const payloads = mine().map(({ envelope }) => envelope.payload);
      assert.deepEqual(payloads[1], { requestId, fromUserId: amy.id, toUserId: ben.id });
      assert.deepEqual(payloads[2], { fromUserId: amy.id, toUserId: ben.id, reason: 'blocked' });
    } finally {
      await consumer.disconnect();
    }
    const { records } = await f.neo4j.executeQuery(
      'MATCH (e:OutboxEvent {key: $key}) RETURN e.published AS published, e.namespace AS namespace',
      { key },
    );
    assert.equal(records.length, 5);
    for (const record of records) {
      assert.equal(record.get('published'), true);
      assert.equal(record.get('namespace'), f.app.booted.config.KAFKA_TOPIC_PREFIX);
    }
  });
});

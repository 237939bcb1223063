import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Booted } from '../../bootstrap';
import { eventually } from '../../testing/app';
import { bootForTest } from '../../testing/boot';
import { ConsumerRunner } from './consumer-runner';
import { DeadLetters } from './dead-letters';
import { createEnvelope, type EventEnvelope } from './envelope';
import type { KafkaPlatform } from './kafka';
import { KAFKA_PLATFORM, type StreamHandler } from './ports';

describe('dead letters: list and redrive (integration)', function () {
  this.timeout(120_000);
  let booted: Booted;
  let kafka: KafkaPlatform;
  let runner: ConsumerRunner;
  const topic = `dlq-${randomUUID().slice(0, 8)}.v1`;
  let broken = true;
  const applied: EventEnvelope[] = [];
  const handler: StreamHandler = {
    name: 'test.sometimes-broken',
    topics: [topic],
    handle: async (event) => {
      if (broken) throw new Error('projection is broken');
      applied.push(event);
    },
  };

  before(async () => {
    booted = await bootForTest();
    kafka = booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    runner = new ConsumerRunner(
      kafka,
      { groupPrefix: booted.config.KAFKA_CONSUMER_GROUP, maxAttempts: 2, backoffMs: 10 },
      booted.logger,
    );
  });
  after(async () => {
    await runner.stop();
    await kafka.deleteTopics([topic, `${topic}.dlq`]);
    await booted.stop();
  });

  it('sends a keeps-failing event to the DLQ, lists it, and redrives it once the handler is fixed', async () => {
    await runner.start([handler]);
    const event = createEnvelope({ type: 'test.thing_happened', aggregateId: 'a1', payload: { n: 1 } });
    await kafka.publish(topic, [{ key: 'a1', value: JSON.stringify(event) }]);
    const letters = new DeadLetters(kafka, `${booted.config.KAFKA_CONSUMER_GROUP}.${randomUUID().slice(0, 6)}`);

    const listed = await eventually(
      'a dead letter',
      () => letters.list([topic]),
      (found) => found.length === 1,
      30_000,
    );
    assert.equal(listed[0]?.eventId, event.id);
    assert.equal(listed[0]?.handler, 'test.sometimes-broken');
    assert.equal(listed[0]?.error, 'projection is broken');
    assert.equal(listed[0]?.attempts, 2);
    assert.equal(applied.length, 0);

    const stillBroken = await letters.redrive([topic], [handler]);
    assert.equal(stillBroken.redriven, 0);
    assert.equal(stillBroken.failed.length, 1, 'a letter that fails again stays');

    broken = false;
    const fixed = await letters.redrive([topic], [handler]);
    assert.deepEqual({ redriven: fixed.redriven, failed: fixed.failed.length }, { redriven: 1, failed: 0 });
    assert.deepEqual(
      applied.map((applied) => applied.id),
      [event.id],
    );

    const again = await letters.redrive([topic], [handler]);
    assert.equal(again.redriven, 0, 'a redriven letter is not redriven twice');
    assert.equal((await letters.list([topic])).length, 1, 'the DLQ itself keeps its history');
  });
});

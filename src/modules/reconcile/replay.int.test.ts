import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  consumerGroupId,
  KAFKA_PLATFORM,
  LogReader,
  replayLog,
  type KafkaPlatform,
  type LogStart,
} from '../../platform/kafka';
import { eventually } from '../../testing/app';
import type { RegisteredUser } from '../../testing/users';
import { ProjectUserProfileOnUserEvents } from '../chats';
import { USERS_TOPIC } from '../users';
import { polychat } from '../../testing/cli';
import { ReconcileWorld } from './reconcile-fixture.int.test';

interface Logged {
  partition: number;
  offset: bigint;
  userId: string;
}

/** Every record of the topic with its position, read by a consumer of the test's own. */
async function readTopic(kafka: KafkaPlatform, topic: string, expected: number): Promise<Logged[]> {
  const seen: Logged[] = [];
  const consumer = kafka.kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: kafka.topic(topic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const event = JSON.parse(String(message.value)) as { aggregateId: string };
        seen.push({ partition, offset: BigInt(message.offset), userId: event.aggregateId });
      },
    });
    await eventually(
      'the whole topic',
      async () => seen.length,
      (n) => n >= expected,
      30_000,
    );
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

describe('replay: a projection re-fed from the Kafka log (integration)', function () {
  this.timeout(240_000);
  let world: ReconcileWorld;
  let kafka: KafkaPlatform;
  const early: RegisteredUser[] = [];
  const late: RegisteredUser[] = [];
  let between = new Date();

  const profiles = () => world.mongo.collection('user_profiles');
  const profileIds = async (): Promise<string[]> =>
    (
      await profiles()
        .find({}, { projection: { _id: 1 } })
        .toArray()
    )
      .map((doc) => String(doc._id))
      .sort();
  const projected = (users: RegisteredUser[]) =>
    eventually('profiles', profileIds, (ids) => users.every((user) => ids.includes(user.id)), 30_000);
  const liveGroup = () =>
    kafka.committedOffsets(consumerGroupId(world.app.config.KAFKA_CONSUMER_GROUP, 'chats.project-user-profile'), [
      kafka.topic(USERS_TOPIC),
    ]);
  const replay = (start: LogStart) =>
    replayLog(new LogReader(kafka, world.app.config.KAFKA_CONSUMER_GROUP), {
      topic: USERS_TOPIC,
      start,
      handler: world.app.booted.container.get(ProjectUserProfileOnUserEvents),
      maxAttempts: 2,
      backoffMs: 10,
    });

  before(async () => {
    world = await ReconcileWorld.start('replay');
    kafka = world.app.booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
    for (let i = 0; i < 3; i += 1) early.push(await world.user(`Early ${i}`));
    await projected(early);
    await new Promise((resolve) => setTimeout(resolve, 50));
    between = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 3; i += 1) late.push(await world.user(`Late ${i}`));
    await projected(late);
  });
  after(() => world?.stop());

  it('from offsets per partition: restores exactly the events at or after them, live groups untouched', async () => {
    const log = await readTopic(kafka, USERS_TOPIC, 6);
    assert.equal(log.length, 6);
    const firsts = new Map<number, bigint>();
    for (const entry of log) {
      const first = firsts.get(entry.partition);
      if (first === undefined || entry.offset < first) firsts.set(entry.partition, entry.offset);
    }
    // Start each partition one past its first event: those first events are not replayed.
    const offsets = new Map([...firsts].map(([partition, first]) => [partition, first + 1n]));
    const expected = log.filter((entry) => entry.offset >= offsets.get(entry.partition)!).map((entry) => entry.userId);
    const groupBefore = await liveGroup();
    await profiles().deleteMany({});

    const result = await replay({ kind: 'offsets', offsets });
    assert.deepEqual(await profileIds(), expected.sort());
    assert.equal(result.applied, expected.length);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(await liveGroup(), groupBefore, 'the worker group keeps its offsets');
  });

  it('from a time: restores the events logged after it and none before', async () => {
    await profiles().deleteMany({});
    const result = await replay({ kind: 'time', at: between });
    assert.deepEqual(await profileIds(), late.map((user) => user.id).sort());
    assert.equal(result.applied, 3);
  });

  it('through the CLI: from offset 0 on every partition, with a summary; an unknown projection is refused', async () => {
    await profiles().deleteMany({});
    const run = await polychat(
      world.app.config,
      'replay',
      '--topic',
      USERS_TOPIC,
      '--from',
      '0',
      '--projection',
      'chats.project-user-profile',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^replay polychat\.users\.v1 -> chats\.project-user-profile$/m);
    assert.match(run.stdout, /applied\s+6$/m);
    assert.deepEqual(await profileIds(), [...early, ...late].map((user) => user.id).sort());

    const wrong = await polychat(
      world.app.config,
      'replay',
      '--topic',
      USERS_TOPIC,
      '--from',
      '0',
      '--projection',
      'nope',
    );
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stderr,
      /no projection "nope" reads polychat\.users\.v1; choose one of .*chats\.project-user-profile/,
    );
    const bad = await polychat(
      world.app.config,
      'replay',
      '--topic',
      USERS_TOPIC,
      '--from',
      'yesterday',
      '--projection',
      'x',
    );
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /an offset \(123\), offsets per partition \(0:12,2:40\) or an ISO time/);
  });
});

import assert from 'node:assert/strict';
import type { RegisteredUser } from '../../testing/users';
import { polychat } from '../../testing/cli';
import { driftOf, NONE, ReconcileWorld } from './reconcile-fixture.int.test';
import { Backfill, PAIR_NAMES, type PairName } from './index';

/** Own-store pairs: owner and projection both live in the suite's own databases. */
const OWN: PairName[] = [
  'user-profiles',
  'search-index',
  'analytics-users',
  'analytics-messages',
  'analytics-chat-days',
  'analytics-active-users',
  'analytics-counters',
];

describe('backfill: projections rebuilt from their owner stores (integration)', function () {
  this.timeout(240_000);
  let world: ReconcileWorld;
  let u: RegisteredUser[];
  let chat = '';

  before(async () => {
    world = await ReconcileWorld.start('refill');
    u = [];
    for (let i = 0; i < 4; i += 1) u.push(await world.user(`Refill ${i}`));
    await world.befriend(u[0]!, u[1]!);
    chat = (await world.chat(u[0]!, [u[1]!, u[2]!])).id;
    for (const [i, body] of ['one', 'two', 'three'].entries()) await world.send(u[i]!, chat, `${body} refill`);
    await world.settled();
  });
  after(() => world?.stop());

  it('reports a wiped projection as missing, the CLI backfill puts it back, and reconcile --repair mends a change', async () => {
    await world.mongo.collection('user_profiles').deleteMany({});
    const gone = await polychat(world.app.config, 'reconcile', '--only', 'user-profiles', '--settle', '0', '--json');
    assert.equal(gone.code, 3, gone.stderr);
    const report = JSON.parse(gone.stdout) as {
      remaining: number;
      outcomes: { check: { drift: { missing: { id: string }[] } } }[];
    };
    assert.deepEqual(
      report.outcomes[0]?.check.drift.missing.map((item) => item.id).sort(),
      u.map((user) => user.id).sort(),
    );
    assert.equal(report.remaining, 4);

    const refill = await polychat(world.app.config, 'backfill', 'user-profiles');
    assert.equal(refill.code, 0, refill.stderr);
    assert.match(refill.stdout, /^backfill user-profiles$/m);
    assert.match(refill.stdout, /user-profiles\s+4 from postgres users into mongo user_profiles/);
    const clean = await polychat(world.app.config, 'reconcile', '--only', 'user-profiles', '--settle', '0');
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(
      clean.stdout,
      /user-profiles: postgres users -> mongo user_profiles: owner 4, projection 4: 0 missing/,
    );
    assert.match(clean.stdout, /drift found\s+0/);

    await world.mongo.collection('user_profiles').updateOne({ _id: u[2]!.id } as never, { $set: { displayName: 'X' } });
    const mended = await polychat(
      world.app.config,
      'reconcile',
      '--repair',
      '--only',
      'user-profiles',
      '--settle',
      '0',
    );
    assert.equal(mended.code, 0, mended.stdout + mended.stderr);
    assert.match(mended.stdout, new RegExp(`stale\\s+${u[2]!.id}\\s+displayName`));
    assert.match(mended.stdout, /repaired: 0 still drifted/);
    assert.match(mended.stdout, /drift remaining\s+0/);
  });

  it('rebuilds every wiped projection, and a second run changes nothing', async () => {
    await world.mongo.collection('user_profiles').deleteMany({});
    await world.pg.query('TRUNCATE message_search');
    await world.pg.query(
      `TRUNCATE analytics_message_facts, message_counts_daily, analytics_active_users_daily,
                analytics_active_users_monthly, analytics_users, analytics_friend_pairs`,
    );
    await world.pg.query('UPDATE analytics_counters SET users = 0, friendships = 0');
    // In the shared graph only this suite's records: u3 has no edges; the chat node takes its memberships.
    await world.neo4j.executeQuery('MATCH (u:User {id: $id}) DETACH DELETE u', { id: u[3]!.id });
    await world.neo4j.executeQuery('MATCH (c:Chat {id: $id}) DETACH DELETE c', { id: chat });

    const wiped = await world.reconcile();
    assert.deepEqual(driftOf(wiped, 'users-graph').missing, [u[3]!.id]);
    assert.deepEqual(driftOf(wiped, 'chat-membership').missing, [chat]);
    assert.equal(driftOf(wiped, 'search-index').missing.length, 3);
    assert.equal(driftOf(wiped, 'analytics-users').missing.length, 4);
    assert.equal(driftOf(wiped, 'analytics-friendships').missing.length, 1);
    assert.equal(driftOf(wiped, 'analytics-messages').missing.length, 3);

    const backfill = world.app.booted.container.get(Backfill);
    const scope = world.scope();
    for (const round of [1, 2]) {
      for (const target of backfill.targets()) {
        const outcomes = await backfill.execute(target, { scope });
        for (const outcome of outcomes) assert.equal(outcome.skipped, undefined, `${outcome.pair} (round ${round})`);
      }
      const scoped = await world.reconcile();
      for (const pair of PAIR_NAMES.filter((name) => name !== 'analytics-counters')) {
        assert.deepEqual(driftOf(scoped, pair), NONE, `${pair} (round ${round})`);
      }
      const own = await world.reconcile({ only: OWN, scoped: false });
      for (const pair of OWN) assert.deepEqual(driftOf(own, pair), NONE, `${pair} unscoped (round ${round})`);
      const { rows } = await world.pg.query<{ count: string }>(
        'SELECT sum(count) AS count FROM message_counts_daily WHERE chat_id = $1',
        [chat],
      );
      assert.equal(rows[0]?.count, '3', `three messages counted once (round ${round})`);
    }
    const { rows } = await world.pg.query<{ users: string; friendships: string }>(
      'SELECT users, friendships FROM analytics_counters',
    );
    assert.deepEqual(rows, [{ users: '4', friendships: '1' }]);
  });

  it("moves analytics facts that drifted back to the owner store's day and sender; every aggregate follows", async () => {
    const wrongDay = '2001-01-01';
    const { rows: facts } = await world.pg.query<{ message_id: string }>(
      'SELECT message_id FROM analytics_message_facts WHERE chat_id = $1 ORDER BY message_id',
      [chat],
    );
    assert.equal(facts.length, 3);
    // A projection that counted two of the messages on another day, for another sender, consistently.
    await world.pg.query(
      `UPDATE analytics_message_facts SET day = $1, sender_id = $2 WHERE message_id = ANY($3::uuid[])`,
      [wrongDay, u[3]!.id, facts.slice(0, 2).map((fact) => fact.message_id)],
    );
    await world.pg.query(
      `TRUNCATE message_counts_daily, analytics_active_users_daily, analytics_active_users_monthly;
       INSERT INTO message_counts_daily SELECT chat_id, day, count(*) FROM analytics_message_facts GROUP BY 1, 2;
       INSERT INTO analytics_active_users_daily SELECT day, sender_id, count(*) FROM analytics_message_facts GROUP BY 1, 2;
       INSERT INTO analytics_active_users_monthly
         SELECT date_trunc('month', day)::date, sender_id, count(*) FROM analytics_message_facts GROUP BY 1, 2;`,
    );
    const drifted = await world.reconcile({ only: ['analytics-messages'], scoped: false });
    assert.equal(driftOf(drifted, 'analytics-messages').stale.length, 2);

    const outcomes = await world.app.booted.container.get(Backfill).execute('analytics', { scope: world.scope() });
    assert.equal(outcomes.find((outcome) => outcome.pair === 'analytics-messages')?.applied, 3);
    const own = await world.reconcile({ only: OWN, scoped: false });
    for (const pair of OWN) assert.deepEqual(driftOf(own, pair), NONE, pair);
    const { rows } = await world.pg.query<{ left: string }>(
      `SELECT (SELECT count(*) FROM message_counts_daily WHERE day = $1)
            + (SELECT count(*) FROM analytics_active_users_daily WHERE day = $1)
            + (SELECT count(*) FROM analytics_active_users_monthly WHERE month = $1) AS left`,
      [wrongDay],
    );
    assert.equal(rows[0]?.left, '0', 'no aggregate row is left on the wrong day');
  });
});

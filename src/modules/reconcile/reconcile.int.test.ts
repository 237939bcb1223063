import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RegisteredUser } from '../../testing/users';
import { utcDayOf } from '../analytics';
import { driftOf, NONE, pairKeyOf, ReconcileWorld } from './reconcile-fixture.int.test';
import { PAIR_NAMES, remainingDrift, type PairName } from './index';

/**
 * For each projection store: records deleted or altered behind the system's back, the exact drift
 * reconcile reports, the repair through the projection's write path, and a clean check after.
 */
describe('reconcile: drift per owner store and projection (integration)', function () {
  this.timeout(180_000);
  let world: ReconcileWorld;
  let u: RegisteredUser[];
  const msg: Record<string, { id: string; chatId: string; senderId: string; sentAt: string }> = {};
  let [g1, g2] = ['', ''];

  before(async () => {
    world = await ReconcileWorld.start('recon');
    u = [];
    for (let i = 0; i < 8; i += 1) u.push(await world.user(`Person ${i}`));
    const [u0, u1, u2, u3, u4] = u as [RegisteredUser, RegisteredUser, RegisteredUser, RegisteredUser, RegisteredUser];
    await world.befriend(u0, u1);
    g1 = (await world.chat(u0, [u1, u2])).id;
    g2 = (await world.chat(u3, [u4])).id;
    for (const [name, sender, chat] of [
      ['alpha', u0, g1],
      ['beta', u1, g1],
      ['gamma', u2, g1],
      ['delta', u3, g2],
      ['epsilon', u4, g2],
    ] as const) {
      const sent = await world.send(sender, chat, `${name} words`);
      msg[name] = {
        id: sent.id,
        chatId: chat,
        senderId: sender.id,
        sentAt: (sent as unknown as { createdAt: string }).createdAt,
      };
    }
    const edited = await world.app.request('PATCH', `/v1/chats/${g1}/messages/${msg['alpha']!.id}`, {
      token: u0.accessToken,
      body: { body: 'alpha edited' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const deleted = await world.app.request('DELETE', `/v1/chats/${g2}/messages/${msg['epsilon']!.id}`, {
      token: u4.accessToken,
    });
    assert.equal(deleted.status, 204);
    await world.settled();
  });
  after(() => world?.stop());

  it('finds no drift once the projections caught up, scoped and (on the stores the suite owns) unscoped', async () => {
    const scoped = await world.reconcile();
    assert.deepEqual(
      scoped.map((outcome) => outcome.check.pair),
      [...PAIR_NAMES],
    );
    for (const outcome of scoped) {
      if (outcome.check.pair === 'analytics-counters') assert.match(outcome.check.skipped ?? '', /not scoped/);
      else assert.deepEqual(driftOf(scoped, outcome.check.pair), NONE, outcome.check.pair);
    }
    const users = scoped.find((outcome) => outcome.check.pair === 'users-graph')!.check;
    assert.deepEqual([users.ownerCount, users.projectionCount], [8, 8]);
    const search = scoped.find((outcome) => outcome.check.pair === 'search-index')!.check;
    assert.deepEqual([search.ownerCount, search.projectionCount], [5, 5], 'the deleted message stays as a tombstone');
    const own: PairName[] = [
      'user-profiles',
      'search-index',
      'analytics-users',
      'analytics-messages',
      'analytics-chat-days',
      'analytics-active-users',
      'analytics-counters',
    ];
    const unscoped = await world.reconcile({ only: own, scoped: false });
    for (const pair of own) assert.deepEqual(driftOf(unscoped, pair), NONE, pair);
  });

  it('neo4j (:User): a deleted node, an altered one and a stray one', async () => {
    const ghost = world.ghostUser();
    await world.neo4j.executeQuery('MATCH (u:User {id: $id}) SET u.displayName = "Mallory"', { id: u[6]!.id });
    await world.neo4j.executeQuery('MATCH (u:User {id: $id}) DETACH DELETE u', { id: u[7]!.id });
    await world.neo4j.executeQuery('CREATE (:User {id: $id, username: "ghost", displayName: "Ghost", version: 1})', {
      id: ghost,
    });
    const only: PairName[] = ['users-graph'];
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'users-graph'), {
      missing: [u[7]!.id],
      extra: [ghost],
      stale: [`${u[6]!.id}:displayName`],
    });
    const repaired = await world.reconcile({ only, repair: true });
    assert.deepEqual(driftOf(repaired, 'users-graph', 'afterRepair'), NONE);
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'users-graph'), NONE);
    const { records } = await world.neo4j.executeQuery(
      'MATCH (u:User) WHERE u.id IN $ids RETURN u.id AS id, u.displayName AS name ORDER BY name',
      { ids: [u[6]!.id, u[7]!.id, ghost] },
    );
    assert.deepEqual(
      records.map((record) => record.get('name') as string),
      ['Person 6', 'Person 7'],
    );
  });

  it('mongo user_profiles: a deleted profile, an altered one and a stray one', async () => {
    const ghost = world.ghostUser();
    const profiles = world.mongo.collection('user_profiles');
    await profiles.deleteOne({ _id: u[5]!.id } as never);
    await profiles.updateOne({ _id: u[6]!.id } as never, { $set: { displayName: 'Mallory' } });
    await profiles.insertOne({
      _id: ghost,
      username: 'ghost',
      displayName: 'Ghost',
      version: 1,
      updatedAt: new Date(),
    } as never);
    const only: PairName[] = ['user-profiles'];
    const expected = { missing: [u[5]!.id], extra: [ghost], stale: [`${u[6]!.id}:displayName`] };
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'user-profiles'), expected);
    assert.deepEqual(driftOf(await world.reconcile({ only, scoped: false }), 'user-profiles'), expected);
    const repaired = await world.reconcile({ only, repair: true });
    assert.deepEqual(driftOf(repaired, 'user-profiles', 'afterRepair'), NONE);
    assert.deepEqual(driftOf(await world.reconcile({ only, scoped: false }), 'user-profiles'), NONE);
    const restored = await profiles.findOne({ _id: u[5]!.id } as never);
    assert.equal(restored?.['displayName'], 'Person 5');
  });

  it('postgres search index: a deleted row, an altered one and a stray one', async () => {
    const stray = randomUUID();
    await world.pg.query('DELETE FROM message_search WHERE message_id = $1', [msg['beta']!.id]);
    await world.pg.query("UPDATE message_search SET body = 'tampered' WHERE message_id = $1", [msg['gamma']!.id]);
    await world.pg.query(
      `INSERT INTO message_search (message_id, chat_id, seq, sender_id, body, sent_at) VALUES ($1, $2, 99, $3, 'stray', now())`,
      [stray, g1, u[0]!.id],
    );
    const only: PairName[] = ['search-index'];
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'search-index'), {
      missing: [msg['beta']!.id],
      extra: [stray],
      stale: [`${msg['gamma']!.id}:body`],
    });
    const repaired = await world.reconcile({ only, repair: true });
    assert.deepEqual(driftOf(repaired, 'search-index', 'afterRepair'), NONE);
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'search-index'), NONE);
    const hits = await world.app.request<{ items: { messageId: string }[] }>('GET', '/v1/search/messages?q=beta', {
      token: u[1]!.accessToken,
    });
    assert.deepEqual(
      hits.body.items.map((hit) => hit.messageId),
      [msg['beta']!.id],
    );
  });

  it('neo4j chat membership: a lost member, a deleted chat node and a stray chat', async () => {
    const ghost = world.ghostChat();
    await world.neo4j.executeQuery('MATCH (:User {id: $user})-[m:MEMBER_OF]->(:Chat {id: $chat}) DELETE m', {
      user: u[2]!.id,
      chat: g1,
    });
    await world.neo4j.executeQuery('MATCH (c:Chat {id: $id}) DETACH DELETE c', { id: g2 });
    await world.neo4j.executeQuery(
      'MATCH (u:User {id: $user}) CREATE (u)-[:MEMBER_OF]->(:Chat {id: $id, type: "group", version: 1})',
      { user: u[6]!.id, id: ghost },
    );
    const only: PairName[] = ['chat-membership'];
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'chat-membership'), {
      missing: [g2],
      extra: [ghost],
      stale: [`${g1}:members`],
    });
    const repaired = await world.reconcile({ only, repair: true });
    assert.deepEqual(driftOf(repaired, 'chat-membership', 'afterRepair'), NONE);
    assert.deepEqual(driftOf(await world.reconcile({ only }), 'chat-membership'), NONE);
    const { records } = await world.neo4j.executeQuery(
      'MATCH (u:User)-[:MEMBER_OF]->(:Chat {id: $id}) RETURN u.id AS id ORDER BY id',
      { id: g1 },
    );
    assert.deepEqual(
      records.map((record) => record.get('id') as string),
      [u[0]!.id, u[1]!.id, u[2]!.id].sort(),
    );
  });

  it('postgres analytics: facts, accounts, friendships and the aggregates counted from them', async () => {
    const delta = msg['delta']!;
    const day = utcDayOf(delta.sentAt);
    const friends = pairKeyOf(u[0]!.id, u[1]!.id);
    const ghost = world.ghostUser();
    await world.pg.query('DELETE FROM analytics_message_facts WHERE message_id = $1', [delta.id]);
    await world.pg.query("UPDATE analytics_users SET registered_day = '2001-01-01' WHERE user_id = $1", [u[6]!.id]);
    await world.pg.query('DELETE FROM analytics_users WHERE user_id = $1', [u[7]!.id]);
    await world.pg.query(
      'INSERT INTO analytics_users (user_id, registered_day, deleted, version) VALUES ($1, $2, true, 2)',
      [ghost, day],
    );
    const [lo, hi] = friends.split(':');
    await world.pg.query('UPDATE analytics_friend_pairs SET friends = false WHERE lo = $1 AND hi = $2', [lo, hi]);
    await world.pg.query('UPDATE analytics_active_users_daily SET messages = messages + 5 WHERE user_id = $1', [
      u[1]!.id,
    ]);

    const only: PairName[] = [
      'analytics-users',
      'analytics-friendships',
      'analytics-messages',
      'analytics-chat-days',
      'analytics-active-users',
    ];
    const found = await world.reconcile({ only });
    assert.deepEqual(driftOf(found, 'analytics-users'), {
      missing: [u[7]!.id],
      extra: [ghost],
      stale: [`${u[6]!.id}:registeredDay`],
    });
    assert.deepEqual(driftOf(found, 'analytics-friendships'), { missing: [friends], extra: [], stale: [] });
    assert.deepEqual(driftOf(found, 'analytics-messages'), { missing: [delta.id], extra: [], stale: [] });
    assert.deepEqual(driftOf(found, 'analytics-chat-days'), { missing: [], extra: [], stale: [`${g2}:${day}:count`] });
    const chatDay = found.find((outcome) => outcome.check.pair === 'analytics-chat-days')!.check.drift.stale[0];
    assert.equal(chatDay?.detail, 'facts 1, stored 2', 'epsilon still counts: it was sent, then deleted');
    // u3 sent only delta: without its fact, u3's rows count nothing (extra); u1's day was inflated (stale).
    assert.deepEqual(driftOf(found, 'analytics-active-users'), {
      missing: [],
      extra: [`day:${day}:${u[3]!.id}`, `month:${day.slice(0, 7)}:${u[3]!.id}`].sort(),
      stale: [`day:${day}:${u[1]!.id}:count`],
    });
    const counters = await world.reconcile({ only: ['analytics-counters'], scoped: false });
    assert.deepEqual(driftOf(counters, 'analytics-counters'), {
      missing: [],
      extra: [],
      stale: ['friendships:count', 'users:count'],
    });

    const repaired = await world.reconcile({ only, repair: true });
    for (const pair of only) assert.deepEqual(driftOf(repaired, pair, 'afterRepair'), NONE, pair);
    const recount = await world.reconcile({ only: ['analytics-counters'], scoped: false, repair: true });
    assert.equal(remainingDrift(recount), 0);
    const again = await world.reconcile({ only });
    for (const pair of only) assert.deepEqual(driftOf(again, pair), NONE, pair);
    const totals = await world.reconcile({ only: ['analytics-counters'], scoped: false });
    assert.deepEqual(driftOf(totals, 'analytics-counters'), NONE);
    const { rows } = await world.pg.query<{ count: string }>(
      'SELECT count FROM message_counts_daily WHERE chat_id = $1 AND day = $2',
      [g2, day],
    );
    assert.deepEqual(rows, [{ count: '2' }]);
  });
});

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import { ComputeGraphStatistics } from '../modules/analytics';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { PG_POOL } from '../platform/postgres';
import { eventually } from '../testing/app';
import { groupChat, chatUsers } from '../testing/chats';
import { cliEnv, runCli } from '../testing/cli';
import { isolatedTestApp, type IsolatedApp } from '../testing/isolated-app';

/** Every row of every analytics table, in a fixed order, as text (what a record-by-record compare needs). */
const TABLES: Readonly<Record<string, string>> = {
  analytics_message_facts: 'SELECT message_id, chat_id, sender_id, day::text FROM analytics_message_facts ORDER BY 1',
  message_counts_daily: 'SELECT chat_id, day::text, count FROM message_counts_daily ORDER BY 1, 2',
  analytics_active_users_daily: 'SELECT day::text, user_id, messages FROM analytics_active_users_daily ORDER BY 1, 2',
  analytics_active_users_monthly:
    'SELECT month::text, user_id, messages FROM analytics_active_users_monthly ORDER BY 1, 2',
  analytics_users: 'SELECT user_id, registered_day::text, deleted, version FROM analytics_users ORDER BY 1',
  analytics_friend_pairs: 'SELECT lo, hi, friends, version FROM analytics_friend_pairs ORDER BY 1, 2',
  analytics_counters: 'SELECT users, friendships FROM analytics_counters',
};

async function snapshot(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(TABLES)) out[table] = (await pool.query(sql)).rows;
  return out;
}

describe('polychat spark analytics (integration: Kafka → Spark → PostgreSQL rebuild)', function () {
  this.timeout(1_200_000); // the first run on a machine creates scripts/spark/.venv (~450 MB) and fetches the jars
  let app: IsolatedApp;
  let tmp: string;
  let userIds: string[] = [];

  before(async () => {
    app = await isolatedTestApp('spark');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'polychat-spark-'));
  });
  after(async () => {
    if (userIds.length > 0)
      await app.booted.container
        .get<Driver>(NEO4J_DRIVER)
        .executeQuery('MATCH (u:User) WHERE u.id IN $ids DETACH DELETE u', { ids: userIds });
    await app.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('rebuilds the projection with the same records as the online consumer, which then continues on it', async () => {
    const env = { ...cliEnv(app.config), PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    // Data made through polychat: an imported history (a seed of its own, so its ids are new to the
    // shared test graph) and live users, a chat and messages over the API.
    const dataset = path.join(tmp, 'dataset');
    const seeded = await runCli(env, [
      'seed',
      '--users',
      '40',
      '--messages',
      '300',
      '--seed',
      String(randomInt(1e9)),
      '--out',
      dataset,
    ]);
    assert.equal(seeded.code, 0, seeded.stderr);
    userIds = (await readFile(path.join(dataset, 'users.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    const imported = await runCli(env, ['import', dataset]);
    assert.equal(imported.code, 0, imported.stderr);
    const [owner, ...members] = await chatUsers(app, 3);
    userIds.push(owner!.id, ...members.map((member) => member.id));
    const chat = await groupChat(app, owner!, members);
    const send = async (n: number) => {
      const res = await app.request('POST', `/v1/chats/${chat.id}/messages`, {
        token: owner!.accessToken,
        body: { body: `hello ${n}`, clientMsgId: `spark-${n}` },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    for (let n = 0; n < 5; n += 1) await send(n);

    const pool = app.booted.container.get<pg.Pool>(PG_POOL);
    const expectedMessages = 300 + 5;
    const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]?.n);
    await eventually(
      'the online analytics projection to hold every message and user',
      async () => [
        await count('SELECT count(*) AS n FROM analytics_message_facts'),
        await count('SELECT count(*) AS n FROM analytics_users'),
      ],
      ([facts, users]) => facts === expectedMessages && users === userIds.length,
      120_000,
    );
    const friendships = (await readFile(path.join(dataset, 'friendships.jsonl'), 'utf8')).split('\n').filter(Boolean);
    await eventually(
      'the online graph projection to hold every friendship',
      () => count('SELECT count(*) AS n FROM analytics_friend_pairs'),
      (n) => n === friendships.length,
      60_000,
    );
    const online = await snapshot(pool);

    const out = path.join(tmp, 'parquet');
    const run = await runCli(env, ['spark', 'analytics', '--load', '--out', out]);
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    assert.match(run.stdout, /spark analytics \(PostgreSQL projection rebuilt\)/);

    // Record by record: the swapped-in tables equal what the online consumer had built.
    const rebuilt = await snapshot(pool);
    for (const table of Object.keys(TABLES)) assert.deepEqual(rebuilt[table], online[table], table);
    // The graph statistics: the rebuild's components pass equals a pass of the online code over the same pairs.
    const sparkPass = (await pool.query('SELECT users, components, largest FROM analytics_graph_components')).rows;
    const onlinePass = await app.booted.container.get(ComputeGraphStatistics).newPass();
    assert.deepEqual(sparkPass, [
      {
        users: String(onlinePass.users),
        components: String(onlinePass.components),
        largest: String(onlinePass.largest),
      },
    ]);

    // The positions it covered are recorded, one per partition of the three topics it read.
    const ledger = await pool.query<{
      positions: Record<string, Record<string, number>>;
      merged: Record<string, number>;
    }>('SELECT positions, merged FROM analytics_rebuilds ORDER BY id DESC LIMIT 1');
    const positions = ledger.rows[0]?.positions ?? {};
    const messagesTopic = `${app.config.KAFKA_TOPIC_PREFIX}polychat.messages.v1`;
    const covered = Object.values(positions[messagesTopic] ?? {}).reduce((sum, next) => sum + next, 0);
    assert.ok(covered >= expectedMessages, `messages topic positions ${JSON.stringify(positions[messagesTopic])}`);
    assert.deepEqual(ledger.rows[0]?.merged, { facts: 0, pairs: 0, users: 0 });

    // The online consumer goes on writing the swapped-in tables.
    await send(5);
    await eventually(
      'the online consumer to count a message sent after the rebuild',
      () => count('SELECT count(*) AS n FROM analytics_message_facts'),
      (n) => n === expectedMessages + 1,
      60_000,
    );
    const day = new Date().toISOString().slice(0, 10);
    const today = await pool.query<{ count: string }>(
      'SELECT count FROM message_counts_daily WHERE chat_id = $1 AND day = $2',
      [chat.id, day],
    );
    assert.equal(Number(today.rows[0]?.count), 6);
  });

  it('stream: rebuilds the per-day aggregates from the topic, and a replay of every micro-batch changes nothing', async () => {
    const env = { ...cliEnv(app.config), PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    const pool = app.booted.container.get<pg.Pool>(PG_POOL);
    const perDay = [
      'analytics_message_facts',
      'message_counts_daily',
      'analytics_active_users_daily',
      'analytics_active_users_monthly',
    ];
    const online = await snapshot(pool);
    assert.ok((online['analytics_message_facts'] ?? []).length > 300, 'the first test left the projection filled');
    // The Node consumer is idle (it has applied every event: the first test waited for it).
    await pool.query(`TRUNCATE ${perDay.join(', ')}`);
    const checkpoint = path.join(tmp, 'checkpoint');
    const first = await runCli(env, ['spark', 'stream', '--available-now', '--checkpoint', checkpoint]);
    assert.equal(first.code, 0, first.stderr.slice(-4000));
    const streamed = await snapshot(pool);
    for (const table of perDay) assert.deepEqual(streamed[table], online[table], table);

    // Every micro-batch again, as after a crash between PostgreSQL's commit and the checkpoint's.
    await rm(checkpoint, { recursive: true, force: true });
    const replay = await runCli(env, ['spark', 'stream', '--available-now', '--checkpoint', checkpoint]);
    assert.equal(replay.code, 0, replay.stderr.slice(-4000));
    assert.match(replay.stdout, /facts\s+0\n/);
    const replayed = await snapshot(pool);
    for (const table of perDay) assert.deepEqual(replayed[table], online[table], table);
  });

  it('graph: degrees, components and friend-of-friend features agree with the online projection', async () => {
    const env = { ...cliEnv(app.config), PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    const pool = app.booted.container.get<pg.Pool>(PG_POOL);
    const out = path.join(tmp, 'graph');
    const run = await runCli(env, ['spark', 'graph', '--out', out]);
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as {
      users: number;
      friendships: number;
      components: number;
      largestComponent: number;
      candidates: number;
      degreeDistribution: Record<string, number>;
    };
    // The online projection's pairs and live users, as plain adjacency.
    const pairs = (
      await pool.query<{ lo: string; hi: string }>('SELECT lo, hi FROM analytics_friend_pairs WHERE friends')
    ).rows;
    const live = (await pool.query<{ user_id: string }>('SELECT user_id FROM analytics_users WHERE NOT deleted')).rows;
    const adjacency = new Map<string, Set<string>>(live.map((row) => [row.user_id, new Set<string>()]));
    for (const { lo, hi } of pairs) {
      adjacency.get(lo)?.add(hi);
      adjacency.get(hi)?.add(lo);
    }
    const distribution: Record<string, number> = {};
    for (const friends of adjacency.values()) distribution[friends.size] = (distribution[friends.size] ?? 0) + 1;
    assert.deepEqual(summary.degreeDistribution, distribution);
    assert.equal(summary.users, live.length);
    assert.equal(summary.friendships, pairs.length);
    const pass = await app.booted.container.get(ComputeGraphStatistics).newPass();
    assert.deepEqual([summary.components, summary.largestComponent], [pass.components, pass.largest]);
    // Some user has a friend of a friend who is not a friend: the job lists candidates.
    const someFof = [...adjacency.entries()].some(([user, friends]) =>
      [...friends].some((friend) => [...(adjacency.get(friend) ?? [])].some((c) => c !== user && !friends.has(c))),
    );
    assert.equal(summary.candidates > 0, someFof);
  });
});

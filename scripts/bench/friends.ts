/**
 * Benchmark (not a test): the friend-graph queries on a deterministic synthetic graph, beside a
 * same-run baseline (a one-hop neighbour query through the same driver). Seeds `--users` (:User)
 * nodes with about `--friends` friends each (mostly neighbours on a ring, some far links: a
 * small-world graph with real mutual friends) and `--users / 5` group chats of 8, then measures
 * suggestions, mutual friends and a depth-4 path at concurrency 1 and 8. Bench nodes carry ids
 * with a fixed prefix and are deleted at the end (and before seeding, after an interrupted run).
 *
 *   npx tsx scripts/bench/friends.ts [--users 100000] [--friends 50] [--samples 500] [--seed 42] [--keep]
 */
import { parseArgs } from 'node:util';
import type { Driver } from 'neo4j-driver';
import { neo4jSchema } from '../../migrations/neo4j';
import { loadConfig } from '../../src/config';
import { assertNeo4jTestServer } from '../../src/testing/config';
import { BENCH_NEO4J_URL } from './context';
import { createLogger } from '../../src/platform/logger';
import { connectNeo4j } from '../../src/platform/neo4j';
import { Neo4jFriendDiscovery } from '../../src/modules/friends/data-access/neo4j-friend-discovery';
import { Latencies, rate, runConcurrently } from './lib';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    friends: { type: 'string', default: '50' },
    samples: { type: 'string', default: '500' },
    seed: { type: 'string', default: '42' },
    keep: { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const FRIENDS = Number(values.friends);
const SAMPLES = Number(values.samples);
const USER_PREFIX = 'b0000000-0000-4000-8000-';
const CHAT_PREFIX = 'c0000000-0000-4000-8000-';
const NEIGHBOURHOOD = 500;
const idOf = (i: number): string => `${USER_PREFIX}${i.toString(16).padStart(12, '0')}`;

/** mulberry32: a small seeded PRNG, so every run builds the same graph and asks the same questions. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function batches<T>(rows: Iterable<T>, size: number, write: (batch: T[]) => Promise<void>): Promise<void> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await write(batch);
}

/** Each user links to ~FRIENDS/2 others: 80% within the next NEIGHBOURHOOD ids, 20% anywhere; no pair twice. */
function* friendships(random: () => number): Generator<[string, string]> {
  const seen = new Set<number>();
  for (let i = 0; i < USERS; i += 1) {
    let picked = 0;
    while (picked < FRIENDS / 2) {
      const j = random() < 0.8 ? (i + 1 + Math.floor(random() * NEIGHBOURHOOD)) % USERS : Math.floor(random() * USERS);
      const [lo, hi] = i < j ? [i, j] : [j, i];
      if (j === i || seen.has(lo * USERS + hi)) continue;
      seen.add(lo * USERS + hi);
      picked += 1;
      yield [idOf(lo), idOf(hi)];
    }
  }
}

async function cleanup(driver: Driver): Promise<void> {
  for (const [label, prefix] of [
    ['User', USER_PREFIX],
    ['Chat', CHAT_PREFIX],
  ] as const) {
    for (;;) {
      const { records } = await driver.executeQuery(
        `MATCH (n:${label}) WHERE n.id STARTS WITH $prefix WITH n LIMIT 1000 DETACH DELETE n RETURN count(*) AS n`,
        { prefix },
      );
      if ((records[0]?.get('n') as number) === 0) break;
    }
  }
}

async function seed(driver: Driver, random: () => number): Promise<void> {
  const started = performance.now();
  const indexes = Array.from({ length: USERS }, (_, i) => i);
  await batches(indexes, 10_000, async (batch) => {
    await driver.executeQuery(
      `UNWIND $rows AS row CREATE (:User {id: row.id, username: row.username, displayName: row.name, version: 1})`,
      { rows: batch.map((i) => ({ id: idOf(i), username: `bench_${i}`, name: `Bench ${i}` })) },
    );
  });
  let edges = 0;
  await batches(friendships(random), 10_000, async (pairs) => {
    await driver.executeQuery(
      `UNWIND $pairs AS pair
       MATCH (a:User {id: pair[0]}), (b:User {id: pair[1]})
       CREATE (a)-[:FRIENDS_WITH {since: '2025-01-01T00:00:00.000Z'}]->(b)`,
      { pairs },
    );
    edges += pairs.length;
  });
  const chats = Math.floor(USERS / 5);
  await batches(
    Array.from({ length: chats }, (_, c) => c),
    2_000,
    async (batch) => {
      const rows = batch.map((c) => {
        const base = Math.floor(random() * USERS);
        const members = Array.from({ length: 8 }, () => idOf((base + Math.floor(random() * NEIGHBOURHOOD)) % USERS));
        return { id: `${CHAT_PREFIX}${c.toString(16).padStart(12, '0')}`, members: [...new Set(members)] };
      });
      await driver.executeQuery(
        `UNWIND $rows AS row
         CREATE (c:Chat {id: row.id, type: 'group', version: 1})
         WITH c, row UNWIND row.members AS memberId
         MATCH (u:User {id: memberId}) CREATE (u)-[:MEMBER_OF]->(c)`,
        { rows },
      );
    },
  );
  const { records } = await driver.executeQuery(
    `MATCH (u:User) WHERE u.id STARTS WITH $prefix
     RETURN count(u) AS users, avg(COUNT { (u)-[:FRIENDS_WITH]-() }) AS degree`,
    { prefix: USER_PREFIX },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `seeded ${records[0]?.get('users')} users, ~${edges} friendships (mean degree ${Number(records[0]?.get('degree')).toFixed(1)}), ${chats} group chats in ${seconds.toFixed(1)} s`,
  );
}

type Query = (i: number) => Promise<unknown>;

/** Runs SAMPLES queries at `concurrency`, prints p50/p99 and throughput, and the ratios to `baseline`. */
async function measure(name: string, concurrency: number, query: Query, baseline?: Latencies): Promise<Latencies> {
  const latencies = new Latencies();
  const ms = await runConcurrently(SAMPLES, concurrency, async (i) => {
    const started = performance.now();
    await query(i);
    latencies.record(performance.now() - started);
  });
  const ratio = (p: number) => (baseline ? (latencies.percentile(p) / baseline.percentile(p)).toFixed(1) : '');
  const versus = baseline ? `  vs baseline p50 ${ratio(50)}x p99 ${ratio(99)}x` : '';
  console.log(`  ${name.padEnd(22)} ${latencies.summary().padEnd(44)} ${rate(SAMPLES, ms).padStart(9)}${versus}`);
  return latencies;
}

async function main(): Promise<void> {
  const config = loadConfig({ POLYCHAT_ENV: 'dev', LOG_LEVEL: 'error', LOG_DIR: '', NEO4J_URL: BENCH_NEO4J_URL });
  await assertNeo4jTestServer(config.NEO4J_URL);
  const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
  const connection = await connectNeo4j(
    { url: config.NEO4J_URL, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD },
    logger,
  );
  const driver = connection.client;
  const discovery = new Neo4jFriendDiscovery(driver);
  const random = prng(Number(values.seed));
  try {
    for (const statement of neo4jSchema) await driver.executeQuery(statement);
    await cleanup(driver);
    console.log(`friends benchmark: ${USERS} users x ~${FRIENDS} friends, ${SAMPLES} samples per figure`);
    await seed(driver, random);
    const user = (i: number) => idOf(Math.floor(prng(i * 7919 + 1)() * USERS));
    const near = (i: number) => idOf((Math.floor(prng(i * 7919 + 1)() * USERS) + 1 + (i % 250)) % USERS);
    const far = (i: number) => idOf(Math.floor(prng(i * 104729 + 3)() * USERS));
    const oneHop: Query = (i) =>
      driver.executeQuery(
        'MATCH (:User {id: $id})-[:FRIENDS_WITH]-(f:User) RETURN f.id',
        { id: user(i) },
        { routing: 'READ' },
      );
    const queries: [string, Query][] = [
      ['suggestions (10)', (i) => discovery.suggestions(user(i), 10)],
      ['mutual friends (20)', (i) => discovery.mutualFriends(user(i), near(i), undefined, 21)],
      ['path depth<=4', (i) => discovery.shortestPath(user(i), far(i), 4)],
    ];
    await runConcurrently(SAMPLES, 4, async (i) => {
      await Promise.all([oneHop(i), ...queries.map(([, query]) => query(i))]); // warm-up: page cache, plans
    });
    let found = 0;
    let hops = 0;
    for (let i = 0; i < 200; i += 1) {
      const path = await discovery.shortestPath(user(i), far(i), 4);
      if (path) [found, hops] = [found + 1, hops + path.length - 1];
    }
    console.log(`paths within 4 hops: ${found}/200 random pairs (mean ${(hops / Math.max(found, 1)).toFixed(2)} hops)`);
    for (const concurrency of [1, 8]) {
      console.log(`concurrency ${concurrency}`);
      const baseline = await measure('baseline one-hop', concurrency, oneHop);
      for (const [name, query] of queries) await measure(name, concurrency, query, baseline);
    }
  } finally {
    if (!values.keep) {
      const started = performance.now();
      await cleanup(driver);
      console.log(`cleaned up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

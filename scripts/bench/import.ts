/**
 * Benchmark (not a test): `polychat import` rate in records/s per entity, beside a same-run
 * baseline of the bare drivers writing the same records in batches of the same size into tables,
 * collections and edges with the same unique indexes (PostgreSQL INSERT … unnest, MongoDB
 * insertMany, Neo4j UNWIND … CREATE). The dataset comes from `polychat seed`; the import runs in
 * process, in databases of its own (dropped at the end), with no worker (projections would catch up
 * afterwards, which is not measured here).
 *
 *   npx tsx scripts/bench/import.ts [--messages 100000] [--users 2000] [--batch-size 1000] [--keep]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { bootstrap } from '../../src/bootstrap';
import { migrateOtherStores, migratePostgres } from '../../src/cli/migrate';
import { loadConfig } from '../../src/config';
import { assertNeo4jTestServer } from '../../src/testing/config';
import { BENCH_NEO4J_URL } from './context';
import { ImportDataset, SeedDataset, type ProgressFactory } from '../../src/modules/datasets';
import { TOPIC_ADMIN, type TopicAdmin } from '../../src/platform/kafka';
import { createLogger } from '../../src/platform/logger';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import { PG_POOL } from '../../src/platform/postgres';
import { baselineWrites, type Timed } from './import-baseline';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    users: { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(values.messages);
const USERS = Number(values.users);
const BATCH = Number(values['batch-size']);

/** Times each labelled pass of the import (the datasets module reports its passes as progress bars). */
function timedProgress(times: Map<string, number>): ProgressFactory {
  return (label) => {
    const started = performance.now();
    return { advance: () => undefined, done: () => void times.set(label, performance.now() - started) };
  };
}

const perSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const run = Math.random().toString(36).slice(2, 8);
  const dev = loadConfig({ POLYCHAT_ENV: 'dev' });
  const url = (from: string, pathname: string) => Object.assign(new URL(from), { pathname }).toString();
  const config = loadConfig({
    POLYCHAT_ENV: 'dev',
    PG_URL: url(dev.PG_URL, `/polychat_bench_import_${run}`),
    MONGO_URL: url(dev.MONGO_URL, `/polychat_bench_import_${run}`),
    LOG_LEVEL: 'error',
    LOG_DIR: '',
    REDIS_KEY_PREFIX: `bench:${run}:`,
    KAFKA_TOPIC_PREFIX: `bench.${run}.`,
    KAFKA_CONSUMER_GROUP: `bench.${run}`,
    NEO4J_URL: BENCH_NEO4J_URL,
  });
  await assertNeo4jTestServer(config.NEO4J_URL);
  const logger = createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
  await migratePostgres(config, logger, { direction: 'up' });
  const booted = await bootstrap({ config, service: 'polychat:bench-import' });
  const { container } = booted;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `polychat-bench-import-${run}-`));
  let userIds: string[] = [];
  try {
    await migrateOtherStores({
      neo4j: container.get(NEO4J_DRIVER),
      mongo: container.get(MONGO_CONNECTION),
      topics: container.get<TopicAdmin>(TOPIC_ADMIN),
    });
    let started = performance.now();
    const manifest = await container
      .get(SeedDataset)
      .run({ out: path.join(dir, 'data'), users: USERS, seed: 1, messages: MESSAGES, days: 30, start: '2026-01-05' });
    const counts = manifest.counts;
    console.log(`seeded ${JSON.stringify(counts)} in ${fmt(performance.now() - started)} ms (${run})`);
    userIds = (await fs.readFile(path.join(dir, 'data', 'users.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);

    const times = new Map<string, number>();
    started = performance.now();
    const report = await container.get(ImportDataset).run({
      dir: path.join(dir, 'data'),
      rejectsDir: path.join(dir, 'rejects'),
      batchSize: BATCH,
      progress: timedProgress(times),
    });
    const importMs = performance.now() - started;
    const rejected = report.steps.reduce((sum, step) => sum + step.rejected, 0);
    if (rejected > 0) throw new Error(`${rejected} records rejected; see ${dir}/rejects`);

    const baseline: Timed = await baselineWrites({
      dir: path.join(dir, 'data'),
      batchSize: BATCH,
      pool: container.get<pg.Pool>(PG_POOL),
      mongo: container.get<Connection>(MONGO_CONNECTION),
      neo4j: container.get<Driver>(NEO4J_DRIVER),
    });

    console.log(`\nimport (batch ${BATCH}) vs bare drivers, same records, same batch size, same unique indexes:`);
    console.log(
      ['entity', 'records', 'import ms', 'import rec/s', 'baseline ms', 'baseline rec/s', 'import/baseline'].join('\t'),
    );
    for (const entity of ['users', 'friendships', 'chats', 'messages'] as const) {
      const ms = times.get(entity) ?? 0;
      const base = baseline[entity];
      const ratio = perSecond(counts[entity], ms) / perSecond(counts[entity], base);
      console.log(
        [
          entity,
          fmt(counts[entity]),
          fmt(ms),
          fmt(perSecond(counts[entity], ms)),
          fmt(base),
          fmt(perSecond(counts[entity], base)),
          ratio.toFixed(2),
        ].join('\t'),
      );
    }
    const passes = ['chats (check)', 'messages (ids)', 'messages (tails)'].map(
      (label) => `${label} ${fmt(times.get(label) ?? 0)} ms`,
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`reference-check passes (read only): ${passes.join(', ')}`);
    console.log(
      `whole import: ${fmt(total)} records in ${fmt(importMs)} ms = ${fmt(perSecond(total, importMs))} rec/s`,
    );
    const messageRate = perSecond(counts.messages, times.get('messages') ?? 0);
    const baseRate = perSecond(counts.messages, baseline.messages);
    const readPasses = ((times.get('messages (ids)') ?? 0) + (times.get('messages (tails)') ?? 0)) / counts.messages;
    console.log(
      `extrapolated for 1,000,000 messages (linear): import ${fmt(1e6 / messageRate)} s writing + ${fmt(readPasses * 1000)} s checking; bare driver ${fmt(1e6 / baseRate)} s`,
    );
  } finally {
    if (!values.keep) {
      await container.get<Connection>(MONGO_CONNECTION).db?.dropDatabase();
      const driver = container.get<Driver>(NEO4J_DRIVER);
      for (let i = 0; i < userIds.length; i += 1000) {
        const ids = userIds.slice(i, i + 1000);
        await driver.executeQuery('MATCH (p:FriendPair) WHERE p.lo IN $ids DETACH DELETE p', { ids });
        await driver.executeQuery('MATCH (u:User) WHERE u.id IN $ids DETACH DELETE u', { ids });
      }
      for (let deleted = 1; deleted > 0;) {
        const { records } = await driver.executeQuery(
          'MATCH (e:OutboxEvent {namespace: $ns}) WITH e LIMIT 5000 DELETE e RETURN count(*) AS n',
          { ns: config.KAFKA_TOPIC_PREFIX },
        );
        deleted = Number(records[0]?.get('n') ?? 0);
      }
      await fs.rm(dir, { recursive: true, force: true });
    }
    await booted.stop();
    if (!values.keep) {
      const admin = new pg.Client({ connectionString: dev.PG_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS polychat_bench_import_${run}`);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * Benchmark (not a test): `polychat import` of N messages while polychat serves live traffic.
 * In benchmark stores of its own (startBenchApp: the worker in this process, the live senders' api
 * in a process of its own as deployed; databases named with "bench", its own Redis prefix, topics
 * and consumer groups), it
 *
 * 1. prepares a few live senders (users in group chats, logged in),
 * 2. measures live REST sends with no import running (the baseline, same run),
 * 3. seeds a dataset of `--messages` messages (`polychat seed`'s generator, a random seed so ids
 *    never meet an earlier run's) and runs `polychat import` on it as a child process, as a user
 *    would, while the same live senders keep sending,
 * 4. waits until the search index and the analytics facts hold every imported message,
 *
 * and prints the import time, the rate its message events reached Kafka, the projections' catch-up
 * time, and live send p50/p99 before and during the import. `--driver-baseline` also times the
 * bare drivers writing the same records (scripts/bench/import-baseline.ts).
 *
 *   npx tsx scripts/bench/import.ts [--messages 100000] [--users 2000] [--batch-size 1000]
 *                                   [--live-seconds 20] [--live-rate 4] [--catch-up-minutes 30]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { loadConfig } from '../../src/config';
import { MESSAGES_TOPIC } from '../../src/modules/chats';
import { SeedDataset } from '../../src/modules/datasets';
import { KAFKA_PLATFORM, type KafkaPlatform } from '../../src/platform/kafka';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import { PG_POOL } from '../../src/platform/postgres';
import { cliEnv, POLYCHAT_BIN } from '../../src/testing/cli';
import { spawnApi } from '../../src/testing/process';
import { prepareClients, type BenchClient } from './clients';
import { benchDatabase, benchEnv, CHEAP_PASSWORDS, startBenchApp, type BenchApp } from './context';
import { baselineWrites } from './import-baseline';
import { Latencies } from './lib';
import { endSeededRun } from './servers';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    users: { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '1000' },
    'live-seconds': { type: 'string', default: '20' },
    'live-rate': { type: 'string', default: '4' },
    'catch-up-minutes': { type: 'string', default: '30' },
    'driver-baseline': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(values.messages);
const USERS = Number(values.users);
const BATCH = Number(values['batch-size']);
const LIVE_SECONDS = Number(values['live-seconds']);
const LIVE_RATE = Number(values['live-rate']);
const CATCH_UP_MS = Number(values['catch-up-minutes']) * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A POST to the spawned api process. */
async function post(base: string, path: string, body: unknown, token: string): Promise<{ status: number }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return { status: res.status };
}

/**
 * Live REST sends at about `LIVE_RATE`/s over the senders' chats until `stop()`, to an api process
 * of its own (as deployed: the worker's consumers, here in the benchmark's process, do not share
 * its event loop); failures counted.
 */
function liveSender(base: string, senders: readonly BenchClient[]) {
  const latencies = new Latencies();
  const slow: string[] = [];
  const origin = performance.now();
  let failures = 0;
  const statuses = new Map<number, number>();
  let running = true;
  const loops = senders.map(async (sender, index) => {
    const every = (1000 * senders.length) / LIVE_RATE;
    await sleep((every * index) / senders.length);
    while (running) {
      const at = performance.now();
      const res = await post(
        base,
        `/v1/chats/${sender.chatId}/messages`,
        { body: `live ${index}`, clientMsgId: randomUUID() },
        sender.token,
      ).catch(() => ({ status: 0 }));
      const took = performance.now() - at;
      if (res.status === 201) latencies.record(took);
      else {
        failures += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
      if (took > 1000) slow.push(`${((at - origin) / 1000).toFixed(1)}s:${Math.round(took)}ms`);
      await sleep(Math.max(0, every - took));
    }
  });
  return {
    latencies,
    slow,
    failures: () => (failures === 0 ? '0' : `${failures} ${JSON.stringify(Object.fromEntries(statuses))}`),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Events on the messages topic so far (the sum of its partitions' end offsets). */
async function messageEvents(app: BenchApp): Promise<bigint> {
  const kafka = app.booted.container.get<KafkaPlatform>(KAFKA_PLATFORM);
  const ends = await kafka.endOffsets([kafka.topic(MESSAGES_TOPIC)]);
  return [...ends.values()].reduce((sum, end) => sum + end, 0n);
}

/** The imported messages the search index and the analytics facts hold (by the dataset's chats). */
async function projected(pool: pg.Pool, chatIds: readonly string[]): Promise<{ search: number; analytics: number }> {
  const [search, analytics] = await Promise.all(
    ['message_search', 'analytics_message_facts'].map(async (table) => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE chat_id = ANY($1::uuid[])`,
        [chatIds],
      );
      return Number(rows[0]?.n ?? 0);
    }),
  );
  return { search: search ?? 0, analytics: analytics ?? 0 };
}

/** `polychat import` as a child process on the app's stores; resolves with its exit code and output. */
function runImport(
  app: BenchApp,
  dir: string,
  rejects: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [POLYCHAT_BIN, 'import', dir, '--batch-size', String(BATCH), '--rejects', rejects],
    {
      env: cliEnv(app.config, { REDIS_KEY_PREFIX: app.config.REDIS_KEY_PREFIX }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const origin = performance.now();
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (process.env['BENCH_DEBUG'])
      process.stdout.write(
        `[${((performance.now() - origin) / 1000).toFixed(1)}s] ${chunk.toString('utf8').slice(0, 200)}\n`,
      );
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function main(): Promise<void> {
  // A PostgreSQL database of its own (dropped at the end): seeded usernames must not meet an earlier run's.
  const pgUrl = new URL(loadConfig({ POLYCHAT_ENV: 'dev' }).PG_URL);
  const pgName = benchDatabase(`polychat_bench_import_${randomUUID().slice(0, 8)}`);
  pgUrl.pathname = `/${pgName}`;
  const app = await startBenchApp({ ...CHEAP_PASSWORDS, PG_URL: pgUrl.toString() });
  const { container } = app.booted;
  const pool = container.get<pg.Pool>(PG_POOL);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `polychat-bench-import-${app.run}-`));
  let userIds: string[] = [];
  let api: Awaited<ReturnType<typeof spawnApi>> | undefined;
  try {
    console.log(
      `import benchmark (${app.run}): ${fmt(MESSAGES)} messages, ${fmt(USERS)} users, batch ${BATCH}; ` +
        `live sends at ${LIVE_RATE}/s; machine shared, figures under contention`,
    );
    const { clients } = await prepareClients(app, { users: 8, chats: 4 });
    const senders = clients.slice(0, 4);
    api = await spawnApi(app.config, { ...benchEnv(app.run), ...CHEAP_PASSWORDS, PG_URL: pgUrl.toString() });

    const baseline = liveSender(api.base, senders);
    await sleep(LIVE_SECONDS * 1000);
    await baseline.stop();
    console.log(`live sends, no import:     ${baseline.latencies.summary()} failed=${baseline.failures()}`);

    const data = path.join(dir, 'data');
    const seeded = await container.get(SeedDataset).run({
      out: data,
      users: USERS,
      seed: 1 + Math.floor(Math.random() * 2 ** 30),
      messages: MESSAGES,
      days: 30,
      start: '2026-01-05',
    });
    const readIds = async (file: string) =>
      (await fs.readFile(path.join(data, file), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: string }).id);
    userIds = await readIds('users.jsonl');
    const chatIds = await readIds('chats.jsonl');
    const messages = seeded.counts.messages;
    console.log(`seeded ${JSON.stringify(seeded.counts)}`);

    const eventsBefore = await messageEvents(app);
    const during = liveSender(api.base, senders);
    const started = performance.now();
    const imported = await runImport(app, data, path.join(dir, 'rejects'));
    const importMs = performance.now() - started;
    await during.stop();
    const published = Number((await messageEvents(app)) - eventsBefore);
    if (imported.code !== 0) throw new Error(`import exited ${imported.code}\n${imported.stdout}\n${imported.stderr}`);
    console.log(imported.stdout.trim());

    let now = await projected(pool, chatIds);
    let shown = performance.now();
    while ((now.search < messages || now.analytics < messages) && performance.now() - started < CATCH_UP_MS) {
      await sleep(500);
      now = await projected(pool, chatIds);
      if (performance.now() - shown > 30_000) {
        console.log(`  catching up: search ${fmt(now.search)}, analytics ${fmt(now.analytics)} of ${fmt(messages)}`);
        shown = performance.now();
      }
    }
    const caughtUpMs = performance.now() - started;
    const complete = now.search >= messages && now.analytics >= messages;

    console.log('');
    console.log(`import of ${fmt(messages)} messages (child process):  ${s(importMs)}`);
    console.log(
      `message events in Kafka during it:  ${fmt(published)} = ${fmt((published * 1000) / importMs)} events/s over the import`,
    );
    console.log(
      complete
        ? `search + analytics hold every message: ${s(caughtUpMs)} after the import started (${s(caughtUpMs - importMs)} after it ended)`
        : `NOT caught up after ${s(caughtUpMs)}: search ${fmt(now.search)}, analytics ${fmt(now.analytics)} of ${fmt(messages)}`,
    );
    console.log(`live sends, no import:     ${baseline.latencies.summary()} failed=${baseline.failures()}`);
    console.log(`live sends, during import: ${during.latencies.summary()} failed=${during.failures()}`);
    if (during.slow.length > 0) console.log(`  sends over 1 s (at: took): ${during.slow.slice(0, 40).join(' ')}`);
    console.log(
      `extrapolated to 1,000,000 messages (linear): import ${s((importMs * 1e6) / messages)}, ` +
        `caught up ${s((caughtUpMs * 1e6) / messages)}`,
    );

    if (values['driver-baseline']) {
      const bare = await baselineWrites({
        dir: data,
        batchSize: BATCH,
        pool,
        mongo: container.get<Connection>(MONGO_CONNECTION),
        neo4j: container.get<Driver>(NEO4J_DRIVER),
      });
      console.log(`bare drivers, same records and batch size: ${JSON.stringify(bare)} (ms per entity)`);
    }
  } finally {
    api?.child.kill('SIGTERM');
    await endSeededRun(app, userIds, dir, pgUrl);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());

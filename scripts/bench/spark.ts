/**
 * Benchmark (not a test): the Spark jobs beside polychat's own way of doing the same work, on the
 * same data in the same run. In benchmark stores of its own (startBenchApp: api + worker in this
 * process, a PostgreSQL database named with "bench", its own topics and groups), it
 *
 * 1. seeds `--messages` messages (`polychat seed`'s generator, a random seed) and imports them with
 *    `polychat import` (a child process), then waits until the online analytics hold every one;
 * 2. empties the per-day tables and times `npx polychat backfill analytics` (the Node rebuild from the owner stores), and
 *    `npx polychat spark analytics --load` (the Spark rebuild from the Kafka log, swapped in);
 * 3. empties the per-day tables and streams the messages topic back into them with
 *    `spark stream --available-now` (sustained events/s over its micro-batches), then empties them
 *    again and replays the topic through the Node handler (`polychat replay`) as the baseline.
 *
 *   npx tsx scripts/bench/spark.ts [--messages 20000] [--users 1000]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config';
import { SeedDataset } from '../../src/modules/datasets';
import { PG_POOL } from '../../src/platform/postgres';
import { cliEnv, POLYCHAT_BIN } from '../../src/testing/cli';
import { benchDatabase, CHEAP_PASSWORDS, startBenchApp, type BenchApp } from './context';
import { endSeededRun } from './servers';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    users: { type: 'string', default: '1000' },
    'catch-up-minutes': { type: 'string', default: '30' },
  },
});
const MESSAGES = Number(values.messages);
const USERS = Number(values.users);
const CATCH_UP_MS = Number(values['catch-up-minutes']) * 60_000;
const PER_DAY = [
  'analytics_message_facts',
  'message_counts_daily',
  'analytics_active_users_daily',
  'analytics_active_users_monthly',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `polychat <args>` as a child process on the app's stores, timed; fails loudly on a non-zero exit. */
async function polychat(app: BenchApp, args: string[]): Promise<{ ms: number; stdout: string }> {
  const env = { ...cliEnv(app.config), PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  const child = spawn(process.execPath, [POLYCHAT_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`polychat ${args.join(' ')} exited ${code}\n${stdout}\n${stderr.slice(-4000)}`);
  return { ms, stdout };
}

const facts = async (pool: pg.Pool): Promise<number> =>
  Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM analytics_message_facts')).rows[0]?.n ?? 0);

/** Waits until the facts table holds `want` rows; returns the time it took. */
async function factsReach(pool: pg.Pool, want: number): Promise<number> {
  const started = performance.now();
  while ((await facts(pool)) < want) {
    if (performance.now() - started > CATCH_UP_MS) throw new Error(`analytics did not reach ${want} facts`);
    await sleep(250);
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const pgUrl = new URL(loadConfig({ POLYCHAT_ENV: 'dev' }).PG_URL);
  const pgName = benchDatabase(`polychat_bench_spark_${randomUUID().slice(0, 8)}`);
  pgUrl.pathname = `/${pgName}`;
  const app = await startBenchApp({ ...CHEAP_PASSWORDS, PG_URL: pgUrl.toString() });
  const { container } = app.booted;
  const pool = container.get<pg.Pool>(PG_POOL);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `polychat-bench-spark-${app.run}-`));
  let userIds: string[] = [];
  try {
    console.log(`spark benchmark (${app.run}): ${fmt(MESSAGES)} messages, ${fmt(USERS)} users; machine shared`);
    const data = path.join(dir, 'data');
    const seeded = await container.get(SeedDataset).run({
      out: data,
      users: USERS,
      seed: 1 + Math.floor(Math.random() * 2 ** 30),
      messages: MESSAGES,
      days: 30,
      start: '2026-01-05',
    });
    userIds = (await fs.readFile(path.join(data, 'users.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    const messages = seeded.counts.messages;
    console.log(`seeded ${JSON.stringify(seeded.counts)}`);
    const imported = await polychat(app, ['import', data, '--rejects', path.join(dir, 'rejects')]);
    await factsReach(pool, messages);
    console.log(`import + online analytics caught up: ${s(imported.ms)} (import)`);

    // Both rebuilds start from nothing: the per-day tables emptied, then refilled from the owner stores.
    await pool.query(`TRUNCATE ${PER_DAY.join(', ')}`);
    const backfill = await polychat(app, ['backfill', 'analytics']);
    console.log(backfill.stdout.trimEnd());
    const backfilled = await facts(pool);
    const sparkBatch = await polychat(app, ['spark', 'analytics', '--load', '--out', path.join(dir, 'parquet')]);
    const batchSeconds = /seconds\s+([\d.]+)/.exec(sparkBatch.stdout)?.[1];

    await pool.query(`TRUNCATE ${PER_DAY.join(', ')}`);
    const stream = await polychat(app, [
      'spark',
      'stream',
      '--available-now',
      '--checkpoint',
      path.join(dir, 'checkpoint'),
    ]);
    const rate = /eventsPerSecond\s+([\d,]+)/.exec(stream.stdout)?.[1];
    const streamed = await facts(pool);
    await pool.query(`TRUNCATE ${PER_DAY.join(', ')}`);
    const replay = await polychat(app, [
      'replay',
      '--topic',
      'polychat.messages.v1',
      '--from',
      '0',
      '--projection',
      'analytics.count-messages-per-day',
    ]);
    const replayed = await facts(pool);

    console.log('');
    console.log(`analytics rebuild of ${fmt(messages)} messages, same data, same run:`);
    console.log(
      `  npx polychat backfill analytics (owner stores → PostgreSQL, from empty): ${s(backfill.ms)} (${fmt(backfilled)} facts)`,
    );
    console.log(
      `  npx polychat spark analytics --load (Kafka → Spark → swap):     ${s(sparkBatch.ms)} ` +
        `(job ${batchSeconds ?? '?'} s inside spark-submit; ratio spark/backfill ${(sparkBatch.ms / backfill.ms).toFixed(2)})`,
    );
    console.log(`per-day aggregates from the messages topic (${fmt(messages)} events):`);
    console.log(
      `  spark stream --available-now: ${rate ?? '?'} events/s sustained over its micro-batches ` +
        `(${s(stream.ms)} with JVM start; ${fmt(streamed)} facts)`,
    );
    console.log(
      `  Node handler (polychat replay): ${fmt((replayed * 1000) / replay.ms)} facts/s over the whole command ` +
        `(${s(replay.ms)}; ${fmt(replayed)} facts)`,
    );
  } finally {
    await endSeededRun(app, userIds, dir, pgUrl);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());

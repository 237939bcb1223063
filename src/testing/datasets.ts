import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import type { Booted } from '../bootstrap';
import { migrateOtherStores, migratePostgres } from '../cli/migrate';
import type { Config } from '../config';
import { TOPIC_ADMIN, type TopicAdmin } from '../platform/kafka';
import { createLogger } from '../platform/logger';
import { MONGO_CONNECTION } from '../platform/mongo';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { PG_POOL } from '../platform/postgres';
import { bootForTest } from './boot';
import { TEST_RUN_ID, testConfig } from './config';
import { cliEnv, POLYCHAT_BIN, runCli, type CliRun } from './cli';

const repoRoot = path.resolve(__dirname, '..', '..');

export type { CliRun };

/**
 * An environment of its own for dataset tests: a scratch PostgreSQL database (emptied), a MongoDB
 * database for this suite (dropped after), this run's Redis prefix and topics, and a CLI runner
 * pointed at them. The friend graph (one Neo4j database for all) is cleaned of the ids used.
 */
export interface DatasetEnv {
  readonly config: Config;
  readonly booted: Booted;
  readonly tmp: string;
  polychat(...args: string[]): Promise<CliRun>;
  /** `polychat seed` into `out`; fails the test unless it succeeds; returns the seeded user ids. */
  seed(out: string, options: { users: number; messages: number; seed: number }): Promise<string[]>;
  /** Starts the CLI without waiting; `extraEnv` adds settings for this run only. */
  spawn(args: string[], extraEnv?: Record<string, string>): ChildProcess;
  jsonl<T = Record<string, unknown>>(file: string): Promise<T[]>;
  /** Asserts that two dataset folders hold the same records per entity, whatever their order. */
  assertSameRecords(actualDir: string, expectedDir: string): Promise<void>;
  /** Forgets graph nodes, pairs and outbox entries of these user ids (call before stop). */
  cleanGraph(userIds: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startDatasetEnv(suite: string): Promise<DatasetEnv> {
  const base = testConfig();
  const url = (from: string, pathname: string) => Object.assign(new URL(from), { pathname }).toString();
  const config = testConfig({
    PG_URL: url(base.PG_URL, '/polychat_test_datasets'),
    MONGO_URL: url(base.MONGO_URL, `/polychat_test_datasets_${suite}_${TEST_RUN_ID}`),
    JOB_LEASE_TTL_MS: '3000',
  });
  await migratePostgres(config, createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 }), {
    direction: 'up',
  });
  const booted = await bootForTest(config);
  const pool = booted.container.get<pg.Pool>(PG_POOL);
  await pool.query('TRUNCATE users, outbox CASCADE');
  await migrateOtherStores({
    neo4j: booted.container.get<Driver>(NEO4J_DRIVER),
    mongo: booted.container.get<Connection>(MONGO_CONNECTION),
    topics: booted.container.get<TopicAdmin>(TOPIC_ADMIN),
  });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), `polychat-${suite}-`));
  // Only this environment: the child runs as `node bin/polychat`, so it needs no PATH.
  const env = cliEnv(config);
  const polychat = (...args: string[]): Promise<CliRun> => runCli(env, args);
  return {
    config,
    booted,
    tmp,
    polychat,
    async seed(out, options) {
      const run = await polychat(
        'seed',
        ...['--users', String(options.users), '--messages', String(options.messages), '--seed', String(options.seed)],
        ...['--out', out],
      );
      assert.equal(run.code, 0, run.stderr);
      return (await readJsonl<{ id: string }>(path.join(out, 'users.jsonl'))).map((user) => user.id);
    },
    spawn: (args, extraEnv = {}) =>
      spawn(process.execPath, [POLYCHAT_BIN, ...args], {
        cwd: repoRoot,
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    jsonl: readJsonl,
    async assertSameRecords(actualDir, expectedDir) {
      for (const entity of ['users', 'friendships', 'chats', 'messages']) {
        const [actual, expected] = await Promise.all(
          [actualDir, expectedDir].map(async (dir) =>
            sortedRecords(await readJsonl<Row>(path.join(dir, `${entity}.jsonl`))),
          ),
        );
        assert.deepEqual(actual, expected, `${entity} differ`);
      }
    },
    async cleanGraph(userIds) {
      const driver = booted.container.get<Driver>(NEO4J_DRIVER);
      await driver.executeQuery(
        `MATCH (p:FriendPair) WHERE p.lo IN $ids OR p.hi IN $ids
         OPTIONAL MATCH (e:OutboxEvent {namespace: $namespace, key: p.key})
         DETACH DELETE p, e`,
        { ids: [...userIds], namespace: config.KAFKA_TOPIC_PREFIX },
      );
      await driver.executeQuery('MATCH (u:User) WHERE u.id IN $ids DETACH DELETE u', { ids: [...userIds] });
    },
    async stop() {
      await booted.container.get<Connection>(MONGO_CONNECTION).db?.dropDatabase();
      await booted.stop();
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

type Row = Record<string, unknown>;

/** Records by id (friendships by their pair), so files written in any order compare. */
function sortedRecords(rows: Row[]): Row[] {
  const key = (row: Row): string =>
    typeof row['id'] === 'string' ? row['id'] : `${String(row['userId'])}:${String(row['friendId'])}`;
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}

/** The records of a JSON Lines file. */
async function readJsonl<T>(file: string): Promise<T[]> {
  return (await fs.readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

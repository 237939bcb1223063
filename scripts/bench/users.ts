/**
 * Benchmark (not a test): register and login throughput through the HTTP API, and the latency from
 * a registration's PostgreSQL commit to its (:User) node in Neo4j, beside a same-run baseline of a
 * bare INSERT + a bare MERGE of the same data. Runs against the local stack in its own namespaces:
 *
 *   npx tsx scripts/bench/users.ts [--users 300] [--concurrency 8] [--latency-samples 200]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Driver } from 'neo4j-driver';
import type { Pool } from 'pg';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import { PG_POOL } from '../../src/platform/postgres';
import { PASSWORD_HASHER, type PasswordHasher } from '../../src/modules/auth';
import { startBenchApp } from './context';
import { firstSeen, Latencies, rate, runConcurrently } from './lib';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    'latency-samples': { type: 'string', default: '200' },
  },
});
const USERS = Number(values.users);
const CONCURRENCY = Number(values.concurrency);
const SAMPLES = Number(values['latency-samples']);

async function main(): Promise<void> {
  const app = await startBenchApp();
  const { booted, config, run } = app;
  const { container } = booted;
  const neo4j = container.get<Driver>(NEO4J_DRIVER);
  const pool = container.get<Pool>(PG_POOL);
  const post = async (path: string, body: unknown): Promise<{ status: number; json: { user?: { id: string } } }> => {
    const res = await app.post(path, body);
    return { status: res.status, json: res.json as { user?: { id: string } } };
  };
  const nodeExists = async (id: string): Promise<boolean> =>
    (await neo4j.executeQuery('MATCH (u:User {id: $id}) RETURN count(u) AS n', { id })).records[0]?.get('n') === 1;

  try {
    console.log(
      `users benchmark: ${USERS} users, concurrency ${CONCURRENCY}, ${SAMPLES} latency samples; argon2id m=${config.ARGON2_MEMORY_KIB}KiB t=${config.ARGON2_ITERATIONS} p=${config.ARGON2_PARALLELISM}`,
    );
    const names = Array.from({ length: USERS }, (_, i) => `b${run}_${i}`);
    const registerMs = await runConcurrently(USERS, CONCURRENCY, async (i) => {
      const res = await post('/v1/auth/register', {
        username: names[i],
        email: `${names[i]}@bench.test`,
        password: 'benchmark password',
      });
      if (res.status !== 201) throw new Error(`register ${res.status}`);
    });
    const loginMs = await runConcurrently(USERS, CONCURRENCY, async (i) => {
      const res = await post('/v1/auth/login', { username: names[i], password: 'benchmark password' });
      if (res.status !== 200) throw new Error(`login ${res.status}`);
    });

    // Baseline throughput: the same rows written bare (INSERT + MERGE), same concurrency.
    await pool.query('CREATE TABLE IF NOT EXISTS bench_users (id uuid PRIMARY KEY, username text, display_name text)');
    const baselineMs = await runConcurrently(USERS, CONCURRENCY, async (i) => {
      const id = randomUUID();
      await pool.query('INSERT INTO bench_users (id, username, display_name) VALUES ($1, $2, $3)', [
        id,
        `x${names[i]}`,
        'x',
      ]);
      await neo4j.executeQuery('MERGE (u:BenchUser {id: $id}) SET u.username = $username', {
        id,
        username: `x${names[i]}`,
      });
    });

    // The part of registering that is deliberately slow: the password hash alone.
    const hasher = container.get<PasswordHasher>(PASSWORD_HASHER);
    const hashMs = await runConcurrently(USERS, CONCURRENCY, async () => {
      await hasher.hash('benchmark password');
    });

    // Commit -> projection latency, one registration at a time, polled every 2 ms.
    const projection = new Latencies();
    const baseline = new Latencies();
    for (let i = 0; i < SAMPLES; i += 1) {
      const name = `l${run}_${i}`;
      const res = await post('/v1/auth/register', {
        username: name,
        email: `${name}@bench.test`,
        password: 'benchmark password',
      });
      const committedAt = performance.now();
      const id = res.json.user?.id ?? '';
      projection.record((await firstSeen(() => nodeExists(id), 2, 30_000)) - committedAt);

      const started = performance.now();
      const bareId = randomUUID();
      await pool.query('INSERT INTO bench_users (id, username, display_name) VALUES ($1, $2, $3)', [
        bareId,
        name,
        name,
      ]);
      await neo4j.executeQuery('MERGE (u:BenchUser {id: $id}) SET u.username = $username', {
        id: bareId,
        username: name,
      });
      baseline.record(performance.now() - started);
    }

    console.log(`register throughput      ${rate(USERS, registerMs)} (HTTP, argon2id hash, PG row + outbox)`);
    console.log(`login throughput         ${rate(USERS, loginMs)} (HTTP, argon2id verify, refresh token row)`);
    console.log(
      `baseline INSERT+MERGE    ${rate(USERS, baselineMs)}  -> register is ${(USERS / registerMs / (USERS / baselineMs)).toFixed(3)}x of it`,
    );
    console.log(
      `argon2id hash alone      ${rate(USERS, hashMs)}  -> the ceiling for register and login on this machine`,
    );
    console.log(`commit -> Neo4j node     ${projection.summary()}`);
    console.log(`baseline INSERT+MERGE    ${baseline.summary()}`);
    console.log(
      `ratio p50 ${(projection.percentile(50) / baseline.percentile(50)).toFixed(1)}x, p99 ${(projection.percentile(99) / baseline.percentile(99)).toFixed(1)}x`,
    );
  } finally {
    await neo4j.executeQuery('MATCH (u:BenchUser) DETACH DELETE u');
    await pool.query('DROP TABLE IF EXISTS bench_users');
    await booted.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

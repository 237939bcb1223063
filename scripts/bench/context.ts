import { randomBytes } from 'node:crypto';
import { bootstrap, type Booted } from '../../src/bootstrap';
import { migrateOtherStores, migratePostgres } from '../../src/cli/migrate';
import { loadConfig, type Config } from '../../src/config';
import { assertNeo4jTestServer, TEST_NEO4J_PORT } from '../../src/testing/config';
import { TOPIC_ADMIN, type TopicAdmin } from '../../src/platform/kafka';
import { createLogger } from '../../src/platform/logger';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import { startApi } from '../../src/roles/api';
import { startWorker } from '../../src/roles/worker';

/** A polychat process for a benchmark: the local stack, in its own databases, prefixes and groups. */
export interface BenchApp {
  readonly booted: Booted;
  readonly config: Config;
  readonly base: string;
  readonly run: string;
  post(path: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }>;
  get(path: string, token: string): Promise<{ status: number; json: unknown }>;
}

/** Refuses a database name that is not a benchmark's: benchmarks never touch dev data. */
export function benchDatabase(name: string): string {
  if (!/bench/.test(name)) throw new Error(`refusing database "${name}": a benchmark's database is named with "bench"`);
  return name;
}

/** The settings every benchmark process of `run` shares (the api children get the same as env). */
export const benchEnv = (run: string): Record<string, string> => ({
  ACCESS_TOKEN_TTL_SECONDS: '86400',
  RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '1000000',
  // /metrics is read at the end of each step: a fresh outbox backlog, not a cached one.
  METRICS_CACHE_MS: '200',
  REDIS_KEY_PREFIX: `bench:${run}:`,
  // Neo4j Community has one graph per server: benchmarks use the tests' server, never dev's (0022).
  NEO4J_URL: BENCH_NEO4J_URL,
});

/** The Neo4j server benchmarks may write: the tests' own (neo4j-test), checked by its marker. */
export const BENCH_NEO4J_URL = `bolt://127.0.0.1:${TEST_NEO4J_PORT}`;

/**
 * For benchmarks of chat, not of password hashing: argon2 at its cheapest, so logging in the
 * benchmark's users (scripts/bench/clients.ts) takes milliseconds each. The users benchmark keeps
 * the real cost.
 */
export const CHEAP_PASSWORDS: Readonly<Record<string, string>> = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };

/**
 * Boots api + worker against polychat_bench namespaces (created and migrated as needed); `env`
 * overrides settings (e.g. CHEAP_PASSWORDS).
 */
export async function startBenchApp(env: Readonly<Record<string, string>> = {}): Promise<BenchApp> {
  const run = randomBytes(3).toString('hex');
  const dev = loadConfig({ POLYCHAT_ENV: 'dev' });
  const pgUrl = new URL(dev.PG_URL);
  pgUrl.pathname = `/${benchDatabase('polychat_bench')}`;
  const mongoUrl = new URL(dev.MONGO_URL);
  // A database per run: a run that was killed leaves its data behind, and FerretDB scans whole
  // collections (docs/decisions/0004), so leftovers would slow every later run down.
  mongoUrl.pathname = `/${benchDatabase(`polychat_bench_${run}`)}`;
  const config = loadConfig({
    POLYCHAT_ENV: 'dev',
    PG_URL: pgUrl.toString(),
    MONGO_URL: mongoUrl.toString(),
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    LOG_DIR: '',
    KAFKA_TOPIC_PREFIX: `bench.${run}.`,
    KAFKA_CONSUMER_GROUP: `bench.${run}`,
    ...benchEnv(run),
    ...env,
  });
  await assertNeo4jTestServer(config.NEO4J_URL);
  await migratePostgres(config, createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 }), {
    direction: 'up',
  });
  const booted = await bootstrap({ config, service: 'polychat:bench' });
  const { container } = booted;
  await migrateOtherStores({
    neo4j: container.get(NEO4J_DRIVER),
    mongo: container.get(MONGO_CONNECTION),
    topics: container.get<TopicAdmin>(TOPIC_ADMIN),
  });
  await startWorker(booted);
  const http = await startApi(booted);
  const base = `http://127.0.0.1:${http.port}`;
  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  return {
    booted,
    config,
    base,
    run,
    post: (path, body, token) => call('POST', path, body, token),
    get: (path, token) => call('GET', path, undefined, token),
  };
}

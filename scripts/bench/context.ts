import { randomBytes } from 'node:crypto';
import { bootstrap, type Booted } from '../../src/bootstrap';
import { migrateOtherStores, migratePostgres } from '../../src/cli/migrate';
import { loadConfig, type Config } from '../../src/config';
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

/** Boots api + worker against polychat_bench namespaces (created and migrated as needed). */
export async function startBenchApp(): Promise<BenchApp> {
  const run = randomBytes(3).toString('hex');
  const dev = loadConfig({ POLYCHAT_ENV: 'dev' });
  const pgUrl = new URL(dev.PG_URL);
  pgUrl.pathname = '/polychat_bench';
  const mongoUrl = new URL(dev.MONGO_URL);
  // A database per run: a run that was killed leaves its data behind, and FerretDB scans whole
  // collections (docs/decisions/0004), so leftovers would slow every later run down.
  mongoUrl.pathname = `/polychat_bench_${run}`;
  const config = loadConfig({
    POLYCHAT_ENV: 'dev',
    PG_URL: pgUrl.toString(),
    MONGO_URL: mongoUrl.toString(),
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    LOG_DIR: '',
    REDIS_KEY_PREFIX: `bench:${run}:`,
    KAFKA_TOPIC_PREFIX: `bench.${run}.`,
    KAFKA_CONSUMER_GROUP: `bench.${run}`,
    RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '1000000',
  });
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

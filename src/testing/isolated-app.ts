import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { migrateOtherStores, migratePostgres } from '../cli/migrate';
import type { Config } from '../config';
import { ALL_TOPICS, dlqTopic, TOPIC_ADMIN, type TopicAdmin } from '../platform/kafka';
import { createLogger } from '../platform/logger';
import { MONGO_CONNECTION } from '../platform/mongo';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { startWorker } from '../roles/worker';
import { startTestApp, type TestApp } from './app';
import { TEST_RUN_ID, testConfig } from './config';

/** A test app with stores of its own (see isolatedTestApp); `stop` also drops them. */
export interface IsolatedApp extends TestApp {
  readonly config: Config;
}

function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}

/**
 * The config of a suite that needs whole stores to itself (counts over a whole table, an unscoped
 * reconcile, outboxes no other run publishes from): its own PostgreSQL and MongoDB databases, Redis
 * prefix, Kafka topics and consumer groups. Neo4j has one database, so graph data stays shared.
 */
export function isolatedConfig(suite: string, overrides: Partial<Record<string, string>> = {}): Config {
  if (!/^[a-z0-9_]{1,20}$/.test(suite)) throw new Error(`suite name '${suite}': a-z, 0-9, _ only`);
  const base = testConfig();
  const database = `polychat_test_${suite}_${TEST_RUN_ID}`;
  return testConfig({
    PG_URL: withPath(base.PG_URL, `/${database}`),
    MONGO_URL: withPath(base.MONGO_URL, `/${database}`),
    REDIS_KEY_PREFIX: `test:${TEST_RUN_ID}:${suite}:`,
    KAFKA_TOPIC_PREFIX: `test.${TEST_RUN_ID}.${suite}.`,
    KAFKA_CONSUMER_GROUP: `test.${TEST_RUN_ID}.${suite}`,
    ...overrides,
  });
}

/**
 * Creates and migrates the suite's own databases and topics, then starts api + worker on them.
 * `stop` drops the PostgreSQL and MongoDB databases and deletes the topics.
 */
export async function isolatedTestApp(
  suite: string,
  overrides: Partial<Record<string, string>> = {},
): Promise<IsolatedApp> {
  const config = isolatedConfig(suite, overrides);
  const logger = createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
  await migratePostgres(config, logger, { direction: 'up' });
  const app = await startTestApp({ config, worker: false });
  const { container } = app.booted;
  const topics = container.get<TopicAdmin>(TOPIC_ADMIN);
  const mongo = container.get<Connection>(MONGO_CONNECTION);
  await migrateOtherStores({ neo4j: container.get<Driver>(NEO4J_DRIVER), mongo, topics });
  await startWorker(app.booted);
  return {
    ...app,
    config,
    async stop() {
      await mongo.db?.dropDatabase();
      await topics.deleteTopics([...ALL_TOPICS, ...ALL_TOPICS.map(dlqTopic)]).catch(() => undefined);
      await app.stop();
      const maintenance = new pg.Client({ connectionString: withPath(config.PG_URL, '/postgres') });
      await maintenance.connect();
      try {
        const name = new URL(config.PG_URL).pathname.slice(1);
        await maintenance.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await maintenance.end();
      }
    },
  };
}

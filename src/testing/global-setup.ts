import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import { testFaultStack } from '../../scripts/chaos/fault-stack';
import { migrateOtherStores, migratePostgres } from '../cli/migrate';
import { TOPIC_ADMIN, type TopicAdmin } from '../platform/kafka';
import { createLogger } from '../platform/logger';
import { MONGO_CONNECTION } from '../platform/mongo';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { bootForTest } from './boot';
import { assertNeo4jTestServer, testConfig } from './config';

/** Root hooks: before any integration suite, migrate the test namespaces (database, constraints, indexes, this run's topics). */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    // Unit-only runs (npm run test:unit) need no servers.
    const suites = this.test?.parent?.suites ?? [];
    if (!suites.some((suite) => suite.file?.includes('.int.test.'))) return;
    const config = testConfig();
    // Before anything else: never let a suite write into the dev graph (one database per server).
    await assertNeo4jTestServer(config.NEO4J_URL);
    const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
    await migratePostgres(config, logger, { direction: 'up' });
    const booted = await bootForTest(config);
    try {
      // Start from empty chats: FerretDB scans whole collections, so leftovers of earlier runs
      // would only slow the suite down. testConfig() refuses any database not named for tests.
      const mongo = booted.container.get<Connection>(MONGO_CONNECTION);
      for (const name of ['chats', 'messages', 'chat_members', 'chat_rosters', 'user_chats']) {
        await mongo.db?.collection(name).deleteMany({});
      }
      await migrateOtherStores({
        neo4j: booted.container.get<Driver>(NEO4J_DRIVER),
        mongo: booted.container.get<Connection>(MONGO_CONNECTION),
        topics: booted.container.get<TopicAdmin>(TOPIC_ADMIN),
      });
    } finally {
      await booted.stop();
    }
  },

  /** The outage suites' private stack (PostgreSQL, FerretDB, Redis on ports of their own) goes with the run. */
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    const stack = testFaultStack();
    const running = (['postgres', 'ferretdb', 'redis'] as const).filter((server) => stack.pid(server) !== undefined);
    if (running.length > 0) await stack.down(running);
  },
};

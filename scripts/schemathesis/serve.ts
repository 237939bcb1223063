/**
 * Starts polychat (api and worker) in-process against the TEST namespaces (src/testing/config.ts
 * refuses any other database; this run's own Kafka topics and Redis prefix), registers a user,
 * makes it an admin, logs in again so its token carries the role, and prints one JSON line
 * `{ base, token, userId }` for scripts/schemathesis/run.sh. Runs until SIGTERM/SIGINT.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import { migrateOtherStores, migratePostgres } from '../../src/cli/migrate';
import { SetUserRole } from '../../src/modules/users';
import { TOPIC_ADMIN, type TopicAdmin } from '../../src/platform/kafka';
import { createLogger } from '../../src/platform/logger';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import { startTestApp } from '../../src/testing/app';
import { bootForTest } from '../../src/testing/boot';
import { testConfig } from '../../src/testing/config';
import { registerUser } from '../../src/testing/users';

async function main(): Promise<void> {
  // The same migrations as the suite's global setup: a fresh machine has no test database yet.
  const config = testConfig();
  await migratePostgres(config, createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 }), {
    direction: 'up',
  });
  const migrating = await bootForTest(config);
  try {
    await migrateOtherStores({
      neo4j: migrating.container.get<Driver>(NEO4J_DRIVER),
      mongo: migrating.container.get<Connection>(MONGO_CONNECTION),
      topics: migrating.container.get<TopicAdmin>(TOPIC_ADMIN),
    });
  } finally {
    await migrating.stop();
  }
  const app = await startTestApp({ worker: true, config });
  const { container } = app.booted;
  const user = await registerUser(app, { displayName: `schemathesis ${randomBytes(2).toString('hex')}` });
  await container.get(SetUserRole).execute(user.username, 'admin', { actorId: null, traceId: null });
  const login = await app.request<{ accessToken: string }>('POST', '/v1/auth/login', {
    body: { username: user.username, password: user.password },
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  process.stdout.write(`${JSON.stringify({ base: app.base, token: login.body.accessToken, userId: user.id })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { SetUserRole } from '../../src/modules/users';
import { assertNeo4jTestServer, testConfig } from '../../src/testing/config';
import { isolatedTestApp } from '../../src/testing/isolated-app';
import { registerUser } from '../../src/testing/users';

/**
 * The polychat the browser tests drive: api + worker in this process, on databases, topics and a
 * Redis prefix of its own (isolatedTestApp), never the development data. It serves the built web
 * client (dist/web), makes one admin account, prints one JSON line `{ base, admin }` on stdout
 * once ready, and drops its stores on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  await assertNeo4jTestServer(testConfig().NEO4J_URL);
  const app = await isolatedTestApp(`web_${randomBytes(3).toString('hex')}`, { WEB_DIR: 'dist/web' });
  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const admin = await registerUser(app);
  await app.booted.container.get(SetUserRole).execute(admin.username, 'admin', { actorId: null, traceId: null });
  process.stdout.write(
    `${JSON.stringify({ base: app.base, admin: { username: admin.username, password: admin.password } })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

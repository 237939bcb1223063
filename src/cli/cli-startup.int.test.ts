import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cliEnv, runCli } from '../testing/cli';
import { testConfig } from '../testing/config';

/** A local port nothing listens on: bound once by the OS, then closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npx polychat start-up (integration)', function () {
  this.timeout(60_000);
  const config = testConfig();
  const version = (
    JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  let unreachable: Record<string, string>;

  before(async () => {
    const port = await closedPort();
    unreachable = {
      PG_URL: `postgres://polychat:polychat@127.0.0.1:${port}/polychat_test`,
      MONGO_URL: `mongodb://127.0.0.1:${port}/polychat_test?serverSelectionTimeoutMS=2000`,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      NEO4J_URL: `bolt://127.0.0.1:${port}`,
      KAFKA_BROKERS: `127.0.0.1:${port}`,
    };
  });

  it('prints the help with every command while no store is reachable', async () => {
    const run = await runCli(cliEnv(config, unreachable), ['--help']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Usage: polychat \[options\] \[command\]/);
    for (const command of ['migrate', 'seed', 'import', 'export', 'dlq', 'backfill', 'replay', 'reconcile', 'users'])
      assert.match(run.stdout, new RegExp(`^  ${command}\\b`, 'm'), `${command} is listed`);
    assert.equal(run.stderr, '');
  });

  it('prints the version while no store is reachable', async () => {
    const run = await runCli(cliEnv(config, unreachable), ['--version']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), version);
  });

  it("prints a command's help, with its choices, while no store is reachable", async () => {
    const run = await runCli(cliEnv(config, unreachable), ['replay', '--help']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /--topic <topic>\s+the topic to read: polychat\.users\.v1/);
  });

  it('users grant-admin connects PostgreSQL only', async () => {
    const othersDown = { ...unreachable, PG_URL: config.PG_URL };
    const run = await runCli(cliEnv(config, othersDown), ['users', 'grant-admin', 'nobody_at_all']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^no user named nobody_at_all$/m);
  });

  it('dlq list connects Kafka only', async () => {
    const othersDown = { ...unreachable, KAFKA_BROKERS: config.KAFKA_BROKERS.join(',') };
    const run = await runCli(cliEnv(config, othersDown), ['dlq', 'list', '--topic', 'polychat.users.v1']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^0 dead letter\(s\)$/m);
  });
});

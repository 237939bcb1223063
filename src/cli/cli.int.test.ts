import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../platform/logger';
import { ensureDatabase } from '../platform/postgres';
import { testConfig } from '../testing/config';
import { migratePostgres } from './migrate';

const exec = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

describe('npx polychat (integration)', function () {
  this.timeout(120_000);
  const config = testConfig();
  const env = {
    ...process.env,
    POLYCHAT_ENV: 'dev',
    PG_URL: config.PG_URL,
    MONGO_URL: config.MONGO_URL,
    REDIS_URL: config.REDIS_URL,
    KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
    KAFKA_CONSUMER_GROUP: config.KAFKA_CONSUMER_GROUP,
    LOG_LEVEL: 'error',
  };
  const polychat = (...args: string[]) => exec(path.join(repoRoot, 'bin', 'polychat'), args, { cwd: repoRoot, env });

  it('migrates every store and is idempotent', async () => {
    const { stdout } = await polychat('migrate');
    assert.match(stdout, /postgres: up to date/);
    assert.match(stdout, /neo4j: constraints ok; mongo: indexes ok; kafka: topics ok/);
  });

  it('lists dead letters of this run (none yet on the users topic)', async () => {
    const { stdout } = await polychat('dlq', 'list', '--topic', 'polychat.users.v1');
    assert.match(stdout, /^0 dead letter\(s\)$/m);
  });

  it('rejects an unknown topic with a message and a non-zero exit', async () => {
    await assert.rejects(polychat('dlq', 'list', '--topic', 'nope'), (error: { code: number; stderr: string }) => {
      assert.notEqual(error.code, 0);
      assert.match(error.stderr, /polychat\.users\.v1/);
      return true;
    });
  });

  it('reverts and reapplies the PostgreSQL migrations on a scratch database', async () => {
    const scratch = new URL(config.PG_URL);
    scratch.pathname = '/polychat_test_migrations';
    await ensureDatabase(scratch.toString());
    const logger = createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
    const scratchConfig = { ...config, PG_URL: scratch.toString() };
    await migratePostgres(scratchConfig, logger, { direction: 'up' });
    const down = await migratePostgres(scratchConfig, logger, { direction: 'down', count: Infinity });
    assert.ok(down.length >= 1);
    const up = await migratePostgres(scratchConfig, logger, { direction: 'up' });
    assert.deepEqual(up, [...down].reverse());
  });
});

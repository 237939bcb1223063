import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../config';

/** One id per test process, so topics and keys of concurrent or earlier runs never mix. */
export const TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * The dev stack's config pointed at test namespaces: the polychat_test databases, Redis db 1 with a
 * per-run prefix, per-run Kafka topics, an ephemeral HTTP port. Refuses any database whose name does
 * not say "test", so a suite can never clean a real database.
 */
export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  const base = loadConfig({ POLYCHAT_ENV: 'dev' });
  const config = loadConfig({
    POLYCHAT_ENV: 'test',
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    LOG_DIR: '',
    PG_URL: withPath(base.PG_URL, '/polychat_test'),
    MONGO_URL: withPath(base.MONGO_URL, '/polychat_test'),
    REDIS_URL: withPath(base.REDIS_URL, '/1'),
    REDIS_KEY_PREFIX: `test:${TEST_RUN_ID}:`,
    KAFKA_TOPIC_PREFIX: `test.${TEST_RUN_ID}.`,
    KAFKA_CONSUMER_GROUP: `test.${TEST_RUN_ID}`,
    KAFKA_PARTITIONS: '3',
    KAFKA_RETRY_BACKOFF_MS: '20',
    OUTBOX_POLL_MS: '200',
    // Suites register many users from 127.0.0.1; the rate-limit suite sets its own budgets.
    RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '1000',
    // Cheap hashes keep the suite fast; the cost parameters are stored in each hash anyway.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    ...overrides,
  });
  for (const url of [config.PG_URL, config.MONGO_URL]) {
    if (!new URL(url).pathname.includes('test')) throw new Error(`refusing to run tests against ${url}`);
  }
  return config;
}

function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}

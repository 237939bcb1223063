import { randomBytes } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { loadConfig, type Config } from '../config';

/** One id per test process, so topics and keys of concurrent or earlier runs never mix. */
export const TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * The tests' own Neo4j server (`neo4j-test` of the local stack): Community has one database per
 * server, so tests get a server, not a database (docs/decisions/0022-tests-own-neo4j.md).
 * POLYCHAT_STACK_NEO4J_TEST_PORT moves it, as it moves the stack's server.
 */
export const TEST_NEO4J_PORT = Number(process.env['POLYCHAT_STACK_NEO4J_TEST_PORT'] ?? 7688);

/** The node the stack writes into the test server when it starts it; no other server holds it. */
export const TEST_NEO4J_MARKER = { label: 'PolychatTestServer', server: 'neo4j-test' } as const;

/**
 * Refuses to go on unless the Neo4j server at `url` carries the test-server marker, so a suite (or a
 * benchmark) can never write into the dev graph. Throws naming the URL and how to fix it.
 */
export async function assertNeo4jTestServer(url: string): Promise<void> {
  const driver = neo4j.driver(url, undefined, { connectionTimeout: 3000, maxTransactionRetryTime: 0 });
  try {
    const { records } = await driver.executeQuery(
      `MATCH (m:${TEST_NEO4J_MARKER.label} {server: $server}) RETURN count(m) AS n`,
      { server: TEST_NEO4J_MARKER.server },
    );
    if (Number(records[0]?.get('n') ?? 0) > 0) return;
    throw new Error(
      `refusing to run tests against ${url}: it is not the test Neo4j server ` +
        `(no :${TEST_NEO4J_MARKER.label} {server: '${TEST_NEO4J_MARKER.server}'} marker node); ` +
        `start it with \`npm run stack -- up neo4j-test\` (npm test does)`,
    );
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('refusing')) throw error;
    throw new Error(
      `refusing to run tests: the test Neo4j server at ${url} does not answer ` +
        `(${error instanceof Error ? error.message : String(error)}); start it with \`npm run stack -- up neo4j-test\``,
    );
  } finally {
    await driver.close();
  }
}

/**
 * The test databases' name: polychat_test, or polychat_test_<POLYCHAT_TEST_NAMESPACE> so that two
 * suites running at once on one machine (two worktrees) do not take each other's outbox rows or
 * clean each other's collections.
 */
const TEST_DATABASE = (() => {
  const namespace = process.env['POLYCHAT_TEST_NAMESPACE'] ?? '';
  if (namespace && !/^[a-z0-9_]{1,20}$/.test(namespace)) {
    throw new Error(`POLYCHAT_TEST_NAMESPACE must be 1-20 of [a-z0-9_], not ${JSON.stringify(namespace)}`);
  }
  return namespace ? `polychat_test_${namespace}` : 'polychat_test';
})();

/**
 * The dev stack's config pointed at test namespaces: the polychat_test databases, Redis db 1 with a
 * per-run prefix, per-run Kafka topics, an ephemeral HTTP port, the test Neo4j server. Refuses any
 * database whose name does not say "test" and the dev Neo4j, so a suite can never clean real data
 * (global-setup also checks the test Neo4j's marker). POLYCHAT_STACK_FERRETDB_PORT, when set, points
 * MongoDB at a second stack's FerretDB, as it does for the stack script.
 */
export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  const base = loadConfig({ POLYCHAT_ENV: 'dev' });
  const config = loadConfig({
    POLYCHAT_ENV: 'test',
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    LOG_DIR: '',
    PG_URL: withPath(base.PG_URL, `/${TEST_DATABASE}`),
    MONGO_URL: withPath(withPort(base.MONGO_URL, process.env['POLYCHAT_STACK_FERRETDB_PORT']), `/${TEST_DATABASE}`),
    NEO4J_URL: `bolt://127.0.0.1:${TEST_NEO4J_PORT}`,
    REDIS_URL: withPath(base.REDIS_URL, '/1'),
    REDIS_KEY_PREFIX: `test:${TEST_RUN_ID}:`,
    KAFKA_TOPIC_PREFIX: `test.${TEST_RUN_ID}.`,
    KAFKA_CONSUMER_GROUP: `test.${TEST_RUN_ID}`,
    KAFKA_PARTITIONS: '3',
    KAFKA_RETRY_BACKOFF_MS: '20',
    OUTBOX_POLL_MS: '200',
    OUTBOX_RECOVERY_MS: '1000',
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
  if (new URL(config.NEO4J_URL).port === new URL(base.NEO4J_URL).port) {
    throw new Error(`refusing to run tests against the dev Neo4j ${config.NEO4J_URL}`);
  }
  return config;
}

function withPort(url: string, port: string | undefined): string {
  if (!port) return url;
  const parsed = new URL(url);
  parsed.port = port;
  return parsed.toString();
}

function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}

import assert from 'node:assert/strict';
import { loadConfig } from '../config';
import { assertNeo4jTestServer, TEST_NEO4J_PORT, testConfig } from './config';

/** Tests can only reach the tests' own Neo4j server, never the dev graph (docs/decisions/0022). */
describe('the test Neo4j guard (integration)', () => {
  const devUrl = loadConfig({ POLYCHAT_ENV: 'dev' }).NEO4J_URL;

  it('points testConfig() at the test server, whose marker the guard accepts', async () => {
    assert.equal(testConfig().NEO4J_URL, `bolt://127.0.0.1:${TEST_NEO4J_PORT}`);
    await assertNeo4jTestServer(testConfig().NEO4J_URL);
  });

  it('refuses the dev server: by port in testConfig(), and by its missing marker', async () => {
    assert.throws(() => testConfig({ NEO4J_URL: devUrl }), /refusing to run tests against the dev Neo4j/);
    // Read-only: one MATCH count on the dev graph.
    await assert.rejects(assertNeo4jTestServer(devUrl), /refusing to run tests against .*not the test Neo4j server/);
  });

  it('refuses a server that does not answer, saying how to start the test server', async () => {
    await assert.rejects(
      assertNeo4jTestServer('bolt://127.0.0.1:1'),
      /test Neo4j server at bolt:\/\/127\.0\.0\.1:1 does not answer.*npm run stack -- up neo4j-test/,
    );
  });
});

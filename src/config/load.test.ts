import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './load';

describe('loadConfig', () => {
  it('reads the dev defaults from environments/dev/.env', () => {
    const config = loadConfig({ POLYCHAT_ENV: 'dev' });
    assert.equal(config.HTTP_PORT, 8080);
    assert.deepEqual(config.KAFKA_BROKERS, ['127.0.0.1:9092']);
    assert.match(config.PG_URL, /^postgres:\/\/.+@127\.0\.0\.1:5432\/polychat$/);
  });

  it('lets the process environment override the file', () => {
    const config = loadConfig({ POLYCHAT_ENV: 'dev', HTTP_PORT: '9999', KAFKA_BROKERS: 'a:1, b:2' });
    assert.equal(config.HTTP_PORT, 9999);
    assert.deepEqual(config.KAFKA_BROKERS, ['a:1', 'b:2']);
  });

  it('names every bad variable', () => {
    assert.throws(
      () => loadConfig({ POLYCHAT_ENV: 'dev', HTTP_PORT: 'eighty', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'nohost' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const variables = error.problems.map((problem) => problem.variable).sort();
        assert.deepEqual(variables, ['HTTP_PORT', 'KAFKA_BROKERS.0', 'LOG_LEVEL']);
        assert.match(error.message, /HTTP_PORT/);
        return true;
      },
    );
  });

  it('requires the secrets (credential-bearing URLs, JWT_SECRET) from the environment in prod', () => {
    assert.throws(
      () => loadConfig({ POLYCHAT_ENV: 'prod' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const variables = error.problems.map((problem) => problem.variable);
        // prod/.env holds only credential-free settings (NEO4J_URL, KAFKA_BROKERS); these it must not.
        for (const name of ['PG_URL', 'MONGO_URL', 'REDIS_URL', 'JWT_SECRET'])
          assert.ok(variables.includes(name), name);
        return true;
      },
    );
  });

  it('rejects an unknown environment name', () => {
    assert.throws(() => loadConfig({ POLYCHAT_ENV: 'qa' }), /POLYCHAT_ENV/);
  });
});

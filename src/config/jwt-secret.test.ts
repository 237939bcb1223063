import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, loadConfig } from './load';
import { KNOWN_JWT_SECRETS } from './schema';

const repo = path.resolve(__dirname, '..', '..');
const devSecret = parseEnv(readFileSync(path.join(repo, 'environments/dev/.env'), 'utf8'))['JWT_SECRET'] ?? '';
const exampleSecret = /^\s*JWT_SECRET:\s*(\S+)\s*$/m.exec(
  readFileSync(path.join(repo, 'k8s/secret.example.yaml'), 'utf8'),
)?.[1];

/** The settings prod needs besides the secret, all valid. */
const prod = (jwtSecret: string) => ({
  POLYCHAT_ENV: 'prod',
  PG_URL: 'postgres://polychat:pw@db:5432/polychat',
  MONGO_URL: 'mongodb://polychat:pw@mongo:27017/polychat',
  REDIS_URL: 'redis://:pw@redis:6379/0',
  JWT_SECRET: jwtSecret,
});

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems.filter((problem) => problem.variable === 'JWT_SECRET').map((problem) => problem.reason);
  }
};

describe('JWT_SECRET validation', () => {
  it('knows the secrets published in this repository', () => {
    assert.ok(devSecret && KNOWN_JWT_SECRETS.has(devSecret), 'environments/dev/.env');
    assert.ok(exampleSecret && KNOWN_JWT_SECRETS.has(exampleSecret), 'k8s/secret.example.yaml');
  });

  it('stage and prod refuse to start with the dev or the example secret', () => {
    for (const env of ['stage', 'prod']) {
      for (const secret of [devSecret, exampleSecret ?? '']) {
        const problems = problemsOf({ ...prod(secret), POLYCHAT_ENV: env });
        assert.equal(problems.length, 1, `${env} with ${secret}`);
        assert.match(problems[0] ?? '', /published secret/);
      }
    }
    assert.deepEqual(problemsOf({ ...prod(devSecret), POLYCHAT_ENV: 'dev' }), [], 'dev keeps its own secret');
  });

  it('refuses a secret shorter than 32 bytes in every environment, counting bytes, not characters', () => {
    assert.deepEqual(problemsOf(prod('x'.repeat(31))), ['at least 32 bytes']);
    assert.deepEqual(problemsOf({ ...prod('x'.repeat(31)), POLYCHAT_ENV: 'dev' }), ['at least 32 bytes']);
    assert.deepEqual(problemsOf(prod('é'.repeat(16))), [], '16 two-byte characters are 32 bytes');
    assert.deepEqual(problemsOf(prod('a-random-secret-of-forty-characters-0001')), []);
  });
});

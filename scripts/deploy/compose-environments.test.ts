import assert from 'node:assert/strict';
import { configOf } from './app-contract';
import {
  composeSecrets,
  environmentOf,
  readEnvFile,
  referencesOf,
  resolvedVariables,
  serviceOf as service,
  STORE_IMAGES,
  type ComposeService,
  type Environment,
} from './compose';
import { resolvedCompose } from './compose-tool';

/** What a service publishes on the host, one string per port. */
function publishedPorts(svc: ComposeService): string[] {
  return (svc.ports ?? []).map((port) => (typeof port === 'string' ? port : JSON.stringify(port)));
}

for (const env of ['stage', 'prod'] as const) {
  describe(`environments/${env}: secrets`, () => {
    it('keeps secrets out of .env: they come from required variables of the environment', () => {
      const file = readEnvFile(env, '.env');
      for (const secret of ['JWT_SECRET', 'NEO4J_PASSWORD', 'PG_URL', 'MONGO_URL', 'REDIS_URL']) {
        assert.ok(!(secret in file), `${secret} is not in environments/${env}/.env`);
        const value = environmentOf(service(env, 'api'))[secret] ?? '';
        assert.ok(
          referencesOf(value).some((ref) => ref.required),
          `${secret} takes a required variable: ${value}`,
        );
      }
    });

    it('refuses to start without them (compose-go names the missing variable)', () => {
      const withoutJwt = Object.fromEntries(Object.entries(composeSecrets).filter(([name]) => name !== 'JWT_SECRET'));
      const resolved = resolvedCompose(env, withoutJwt);
      assert.notEqual(resolved.status, 0);
      assert.match(resolved.error, /JWT_SECRET/);
    });
  });
}

describe('stage and prod differ where they should', () => {
  const apiConfig = (env: Environment) => configOf(resolvedVariables(env, service(env, 'api')));

  it('prod publishes no store port; stage only on the host loopback', () => {
    for (const store of Object.keys(STORE_IMAGES)) {
      assert.deepEqual(publishedPorts(service('prod', store)), [], `prod ${store}`);
      for (const port of publishedPorts(service('stage', store)))
        assert.match(port, /^127\.0\.0\.1:/, `stage ${store}`);
    }
  });

  it('prod runs more replicas with larger limits; both limit cpu and memory', () => {
    for (const name of ['api', 'worker']) {
      const stage = service('stage', name).deploy;
      const prod = service('prod', name).deploy;
      assert.ok(stage?.resources?.limits?.memory && stage.resources.limits.cpus, `stage ${name} limits`);
      assert.ok(prod?.resources?.limits?.memory && prod.resources.limits.cpus, `prod ${name} limits`);
      assert.ok((prod.replicas ?? 1) > (stage.replicas ?? 1), `${name} replicas`);
      assert.ok(Number(prod.resources.limits.cpus) > Number(stage.resources.limits.cpus), `${name} cpus`);
    }
  });

  it('logs more in stage (info) than in prod (warn)', () => {
    assert.equal(apiConfig('stage').LOG_LEVEL, 'info');
    assert.equal(apiConfig('prod').LOG_LEVEL, 'warn');
    assert.equal(apiConfig('prod').POLYCHAT_ENV, 'prod');
    assert.equal(apiConfig('stage').POLYCHAT_ENV, 'stage');
  });
});

describe('environments/dev', () => {
  it('.env still serves the local stack, and compose publishes every store where .env looks', () => {
    const hostConfig = configOf(readEnvFile('dev', '.env'));
    const published = Object.keys(STORE_IMAGES).flatMap((store) => publishedPorts(service('dev', store)));
    const urls = [hostConfig.PG_URL, hostConfig.MONGO_URL, hostConfig.NEO4J_URL, hostConfig.REDIS_URL].map(
      (url) => new URL(url).host,
    );
    for (const address of [...urls, ...hostConfig.KAFKA_BROKERS]) {
      assert.match(address, /^127\.0\.0\.1:\d+$/);
      assert.ok(
        published.some((port) => port.startsWith(`${address}:`)),
        `${address} is published`,
      );
    }
  });
});

import assert from 'node:assert/strict';
import {
  allRoles,
  cliCommands,
  configOf,
  configProblems,
  knownVariables,
  requiredVariables,
  rolesOf,
  sourceOfBuiltFile,
} from './app-contract';
import {
  asList,
  composeSecrets,
  durationSeconds,
  environmentOf,
  ENVIRONMENTS,
  loadCompose,
  POLYCHAT_SERVICES,
  resolvedVariables,
  serviceOf as service,
  STORE_IMAGES,
  variablesOf,
} from './compose';
import { resolvedCompose } from './compose-tool';

for (const env of ENVIRONMENTS) {
  describe(`environments/${env}/docker-compose.yml`, () => {
    const compose = loadCompose(env);

    it('runs api, worker and a migrate one-shot from one polychat image beside the official store images', () => {
      assert.deepEqual(
        Object.keys(compose.services).sort(),
        [...POLYCHAT_SERVICES, ...Object.keys(STORE_IMAGES)].sort(),
      );
      const images = new Set(POLYCHAT_SERVICES.map((name) => service(env, name).image));
      assert.equal(images.size, 1, 'one image for every role');
      for (const [name, official] of Object.entries(STORE_IMAGES)) {
        const image = service(env, name).image ?? '';
        assert.match(image, new RegExp(`^${official}:[\\w.-]+$`), `${name} runs ${official} with a tag`);
        assert.doesNotMatch(image, /:latest$/);
      }
    });

    it('sets only variables the config schema knows, every required one, with valid values', () => {
      for (const name of POLYCHAT_SERVICES) {
        const variables = variablesOf(env, service(env, name));
        for (const variable of Object.keys(variables))
          assert.ok(knownVariables.has(variable), `${name}: ${variable} is in src/config/schema.ts`);
        for (const variable of requiredVariables)
          assert.ok(variable in variables, `${name}: required ${variable} is set`);
        assert.deepEqual(configProblems(resolvedVariables(env, service(env, name))), [], name);
      }
    });

    it('points every store URL at a service of this file, and Kafka at its advertised listener', () => {
      const config = configOf(resolvedVariables(env, service(env, 'api')));
      for (const url of [config.PG_URL, config.MONGO_URL, config.NEO4J_URL, config.REDIS_URL]) {
        assert.ok(new URL(url).hostname in compose.services, `${new URL(url).hostname} is a service`);
      }
      const advertised = environmentOf(service(env, 'kafka'))['KAFKA_ADVERTISED_LISTENERS'] ?? '';
      for (const broker of config.KAFKA_BROKERS)
        assert.ok(advertised.includes(`//${broker}`), `${broker} is advertised`);
    });

    it('starts roles main.ts accepts, and migrates with a command the CLI has', () => {
      assert.deepEqual(rolesOf(asList(service(env, 'api').command)), ['api']);
      assert.deepEqual(rolesOf(asList(service(env, 'worker').command)), ['worker']);
      assert.deepEqual(['api', 'worker'].sort(), [...allRoles].sort(), 'every role has its own service');
      const [node, script = ''] = asList(service(env, 'migrate').entrypoint);
      assert.equal(node, 'node');
      assert.equal(sourceOfBuiltFile(script), 'src/cli/main.ts');
      assert.deepEqual(asList(service(env, 'migrate').command), ['migrate']);
      assert.ok(cliCommands().includes('migrate'));
    });

    it('health-checks every long-running service, polychat on /healthz', () => {
      for (const [name, svc] of Object.entries(compose.services)) {
        if (name === 'migrate') {
          assert.equal(svc.healthcheck?.disable, true, 'a one-shot has no health');
          continue;
        }
        assert.ok(asList(svc.healthcheck?.test).length > 0, `${name} has a healthcheck`);
      }
      for (const name of ['api', 'worker'])
        assert.match(asList(service(env, name).healthcheck?.test).join(' '), /\/healthz/);
    });

    it('starts polychat once the stores are healthy, api and worker once migrate succeeded', () => {
      const conditions = (name: string): Record<string, string | undefined> => {
        const dependsOn = service(env, name).depends_on;
        assert.ok(dependsOn && !Array.isArray(dependsOn), `${name} depends_on with conditions`);
        return Object.fromEntries(Object.entries(dependsOn).map(([dep, spec]) => [dep, spec.condition]));
      };
      const storesHealthy = Object.fromEntries(Object.keys(STORE_IMAGES).map((store) => [store, 'service_healthy']));
      assert.deepEqual(conditions('migrate'), storesHealthy);
      for (const name of ['api', 'worker']) {
        assert.deepEqual(conditions(name), { ...storesHealthy, migrate: 'service_completed_successfully' });
      }
    });

    it('keeps store data in named volumes', () => {
      const declared = Object.keys(compose.volumes ?? {});
      for (const store of Object.keys(STORE_IMAGES)) {
        const mounts = (service(env, store).volumes ?? []).filter(
          (mount): mount is string => typeof mount === 'string',
        );
        assert.ok(
          mounts.some((mount) => declared.includes(mount.split(':')[0] ?? '')),
          `${store} mounts a named volume`,
        );
      }
    });

    it('gives the shutdown drain (SHUTDOWN_GRACE_MS) room before compose kills a container', () => {
      for (const name of ['api', 'worker']) {
        const { SHUTDOWN_GRACE_MS } = configOf(resolvedVariables(env, service(env, name)));
        const stopGrace = durationSeconds(service(env, name).stop_grace_period ?? '10s');
        assert.ok(stopGrace >= SHUTDOWN_GRACE_MS / 1000 + 10, `${name}: stop_grace_period ${stopGrace}s`);
      }
    });

    it('formats Kafka with a valid KRaft cluster id (16 bytes, base64url)', () => {
      const id = environmentOf(service(env, 'kafka'))['CLUSTER_ID'] ?? '';
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(Buffer.from(id, 'base64url').length, 16);
    });

    it('loads with compose-go as `docker compose config` would, to the same polychat settings', () => {
      const resolved = resolvedCompose(env, composeSecrets);
      assert.equal(resolved.status, 0, resolved.error);
      for (const name of POLYCHAT_SERVICES) {
        const environment = resolved.project?.services[name]?.environment ?? {};
        assert.deepEqual(configProblems(environment), [], name);
        assert.deepEqual(
          environment,
          resolvedVariables(env, service(env, name)),
          `${name}: our reading matches compose-go`,
        );
      }
    });
  });
}

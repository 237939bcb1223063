import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  allRoles,
  cliCommands,
  configProblems,
  knownVariables,
  requiredVariables,
  rolesOf,
  sourceOfBuiltFile,
} from './app-contract';
import { containerOf, find, WORKLOADS, K8S_DIR, loadManifests, manifestFiles, renderedK8s, type Manifest } from './k8s';
import { runTool } from './tools';

describe('k8s/: manifests', () => {
  let app: Manifest[];
  let migrate: Manifest[];
  let secret: Manifest;
  let settings: Record<string, string>;

  before(() => {
    ({ app, migrate, secret, settings } = renderedK8s());
  });

  it('parses, and every manifest but the Secret example is in a kustomization', () => {
    const renderedIds = new Set([...app, ...migrate].map((m) => `${m.kind}/${m.metadata.name}`));
    for (const file of manifestFiles()) {
      const manifests = loadManifests(file);
      assert.ok(manifests.length > 0, file);
      if (file === 'secret.example.yaml') continue;
      for (const m of manifests)
        assert.ok(renderedIds.has(`${m.kind}/${m.metadata.name}`), `${file}: ${m.kind}/${m.metadata.name} is rendered`);
    }
    for (const [kind, name] of [
      ['Service', 'polychat-api'],
      ['Ingress', 'polychat'],
      ['HorizontalPodAutoscaler', 'polychat-api'],
      ['HorizontalPodAutoscaler', 'polychat-worker'],
      ['PodDisruptionBudget', 'polychat-api'],
      ['PodDisruptionBudget', 'polychat-worker'],
    ] as const) {
      assert.ok(find(app, kind, name));
    }
  });

  it('passes kubernetes-validate --strict against Kubernetes 1.29 and 1.37', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'polychat-k8s-'));
    try {
      writeFileSync(path.join(dir, 'app.yaml'), renderedK8s().yaml.app);
      writeFileSync(path.join(dir, 'migrate.yaml'), renderedK8s().yaml.migrate);
      const files = [
        path.join(dir, 'app.yaml'),
        path.join(dir, 'migrate.yaml'),
        path.join(K8S_DIR, 'secret.example.yaml'),
      ];
      for (const version of ['1.29.0', '1.37.0']) {
        const run = runTool('kubernetes-validate', ['--strict', '--quiet', '--kubernetes-version', version, ...files]);
        assert.equal(run.status, 0, `kubernetes-validate ${version}:\n${run.stdout}${run.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets only variables the config schema knows, every required one, with valid values', () => {
    for (const name of Object.keys(settings)) assert.ok(knownVariables.has(name), `${name} is in src/config/schema.ts`);
    for (const name of requiredVariables) assert.ok(name in settings, `required ${name} is set`);
    assert.deepEqual(configProblems(settings), []);
    // The example's own secret is refused (prod must not start with it).
    const example = { ...settings, JWT_SECRET: String(secret.stringData?.['JWT_SECRET']) };
    assert.deepEqual(
      configProblems(example).map((problem) => problem.split(':')[0]),
      ['JWT_SECRET'],
    );
    const secretKeys = Object.keys(secret.stringData ?? {});
    for (const name of ['JWT_SECRET', 'NEO4J_PASSWORD', 'PG_URL', 'MONGO_URL', 'REDIS_URL'])
      assert.ok(secretKeys.includes(name), `${name} is secret`);
  });

  it('gives every container the ConfigMap and the Secret, and one image for every role', () => {
    const images = new Set<string>();
    for (const { kind, name } of WORKLOADS) {
      const container = containerOf(kind, name);
      images.add(container.image);
      assert.deepEqual(container.envFrom, [
        { configMapRef: { name: 'polychat-config' } },
        { secretRef: { name: secret.metadata.name } },
      ]);
      for (const variable of container.env ?? [])
        assert.ok(knownVariables.has(variable.name), `${name}: ${variable.name}`);
    }
    assert.equal(images.size, 1, `one image: ${[...images].join(', ')}`);
  });

  it('starts roles main.ts accepts, and migrates with a command the CLI has', () => {
    assert.deepEqual(rolesOf(containerOf('Deployment', 'polychat-api').args ?? []), ['api']);
    assert.deepEqual(rolesOf(containerOf('Deployment', 'polychat-worker').args ?? []), ['worker']);
    assert.deepEqual([...allRoles].sort(), ['api', 'worker'], 'each role has its Deployment');
    const job = containerOf('Job', 'polychat-migrate');
    assert.equal(job.command?.[0], 'node');
    assert.equal(sourceOfBuiltFile(job.command?.[1] ?? ''), 'src/cli/main.ts');
    assert.deepEqual(job.args, ['migrate']);
    assert.ok(cliCommands().includes('migrate'));
  });
});

import assert from 'node:assert/strict';
import { Container } from 'inversify';
import type { Booted } from '../../src/bootstrap';
import { HEALTH_CHECK, type HealthCheck } from '../../src/platform/health';
import { createHttpApp, listen, type RunningHttpServer } from '../../src/platform/http';
import { Shutdown } from '../../src/platform/lifecycle';
import { createLogger } from '../../src/platform/logger';
import { Metrics, METRICS } from '../../src/platform/metrics';
import { sharedHttpOptions } from '../../src/roles/http-options';
import { configOf } from './app-contract';
import { asList, ENVIRONMENTS, loadCompose } from './compose';
import { instructionsOf, loadDockerfile } from './dockerfile';
import { find, podTemplateOf, renderedK8s } from './k8s';

/** Quoted absolute paths in a probe command, e.g. '/healthz' in the node fetch one-liner. */
function quotedPaths(command: string): string[] {
  return [...command.matchAll(/'(\/[\w./-]*)'/g)].map((match) => match[1] ?? '');
}

/** Every HTTP path a deployment probes or scrapes, with where it comes from. */
function probedPaths(): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const add = (path: string | undefined, origin: string): void => {
    assert.ok(path, `${origin} names a path`);
    paths.set(path, [...(paths.get(path) ?? []), origin]);
  };
  const runtime = loadDockerfile().stages.at(-1);
  for (const healthcheck of runtime ? instructionsOf(runtime, 'HEALTHCHECK') : []) {
    for (const path of quotedPaths(healthcheck.args)) add(path, 'Dockerfile HEALTHCHECK');
  }
  for (const env of ENVIRONMENTS) {
    for (const name of ['api', 'worker']) {
      const test = asList(loadCompose(env).services[name]?.healthcheck?.test).join(' ');
      for (const path of quotedPaths(test)) add(path, `${env} compose ${name}`);
    }
  }
  const { app } = renderedK8s();
  for (const name of ['polychat-api', 'polychat-worker']) {
    const { spec, annotations } = podTemplateOf(find(app, 'Deployment', name));
    for (const container of spec.containers) {
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        add(probe?.httpGet?.path, `k8s ${name} probe`);
      }
    }
    add(annotations['prometheus.io/path'], `k8s ${name} scrape`);
  }
  return paths;
}

describe('probes and scrapes point at paths the app serves', () => {
  let server: RunningHttpServer;
  let base: string;

  before(async () => {
    // The worker's operations-only app (no feature routes): the least any role serves on HTTP_PORT.
    const config = configOf(renderedK8s().settings);
    const logger = createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
    const container = new Container();
    const healthy = (name: HealthCheck['name']): HealthCheck => ({ name, check: () => Promise.resolve() });
    for (const store of ['postgres', 'mongo', 'neo4j', 'redis', 'kafka'] as const) {
      container.bind<HealthCheck>(HEALTH_CHECK).toConstantValue(healthy(store));
    }
    container.bind(METRICS).toConstantValue(new Metrics());
    const booted: Booted = { container, config, logger, shutdown: new Shutdown(), stop: () => Promise.resolve() };
    const opsApp = createHttpApp({ ...sharedHttpOptions(booted, () => false), routes: [] }, logger);
    server = await listen(opsApp, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.stop(100));

  it('answers 200 on every probed path while the stores are up', async () => {
    const paths = probedPaths();
    assert.deepEqual([...paths.keys()].sort(), ['/healthz', '/metrics', '/readyz']);
    for (const [path, origins] of paths) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, `${path} (used by ${origins.join(', ')})`);
    }
  });

  it('serves Prometheus text at the scrape path', async () => {
    const res = await fetch(`${base}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await res.text(), /^# HELP /m);
  });
});

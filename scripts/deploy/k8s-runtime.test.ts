import assert from 'node:assert/strict';
import { z } from 'zod';
import { configOf } from './app-contract';
import { containerOf, find, WORKLOADS, podTemplateOf, renderedK8s, selects, type Manifest } from './k8s';

describe('k8s/: probes, shutdown, security and scaling', () => {
  let app: Manifest[];
  let migrate: Manifest[];
  let settings: Record<string, string>;
  const workload = (kind: string, name: string): Manifest => find([...app, ...migrate], kind, name);

  before(() => {
    ({ app, migrate, settings } = renderedK8s());
  });

  it('probes liveness on /healthz and readiness on /readyz, on HTTP_PORT, slower than the readiness budget', () => {
    const config = configOf(settings);
    for (const name of ['polychat-api', 'polychat-worker']) {
      const container = containerOf('Deployment', name);
      const portOf = (port: string | number | undefined): number | undefined =>
        typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
      assert.equal(container.livenessProbe?.httpGet?.path, '/healthz', name);
      assert.equal(container.startupProbe?.httpGet?.path, '/healthz', name);
      assert.equal(container.readinessProbe?.httpGet?.path, '/readyz', name);
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        assert.equal(portOf(probe?.httpGet?.port), config.HTTP_PORT, `${name} probes HTTP_PORT`);
      }
      assert.ok(
        (container.readinessProbe?.timeoutSeconds ?? 1) * 1000 > config.READINESS_TIMEOUT_MS,
        `${name}: readiness timeout`,
      );
      const { annotations } = podTemplateOf(workload('Deployment', name));
      assert.equal(annotations['prometheus.io/path'], '/metrics');
      assert.equal(Number(annotations['prometheus.io/port']), config.HTTP_PORT);
    }
  });

  it('lets the shutdown drain finish: grace period >= preStop + SHUTDOWN_GRACE_MS + 10 s', () => {
    const { SHUTDOWN_GRACE_MS } = configOf(settings);
    for (const name of ['polychat-api', 'polychat-worker']) {
      const { spec } = podTemplateOf(workload('Deployment', name));
      const preStop = spec.containers[0]?.lifecycle?.preStop?.exec?.command ?? [];
      const sleep = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
      if (name === 'polychat-api') assert.ok(sleep > 0, 'the api sleeps before SIGTERM so endpoints forget it first');
      assert.ok((spec.terminationGracePeriodSeconds ?? 30) >= sleep + SHUTDOWN_GRACE_MS / 1000 + 10, name);
    }
  });

  it('runs every container non-root (uid 1000, as the image), read-only, with requests and limits', () => {
    for (const { kind, name } of WORKLOADS) {
      const { spec } = podTemplateOf(workload(kind, name));
      assert.equal(spec.securityContext?.runAsNonRoot, true, name);
      assert.equal(spec.securityContext?.runAsUser, 1000, name);
      const container = containerOf(kind, name);
      assert.equal(container.securityContext?.readOnlyRootFilesystem, true, name);
      assert.equal(container.securityContext?.allowPrivilegeEscalation, false, name);
      for (const bound of ['requests', 'limits'] as const) {
        assert.ok(container.resources?.[bound]?.['cpu'] && container.resources[bound]['memory'], `${name} ${bound}`);
      }
    }
  });

  it('scales api and worker with HPAs; the worker stops at KAFKA_PARTITIONS', () => {
    const hpa = z
      .object({
        scaleTargetRef: z.object({ kind: z.string(), name: z.string() }),
        minReplicas: z.number(),
        maxReplicas: z.number(),
      })
      .loose();
    for (const name of ['polychat-api', 'polychat-worker']) {
      const spec = hpa.parse(find(app, 'HorizontalPodAutoscaler', name).spec);
      assert.deepEqual([spec.scaleTargetRef.kind, spec.scaleTargetRef.name], ['Deployment', name]);
      assert.ok(spec.minReplicas >= 2 && spec.maxReplicas > spec.minReplicas, name);
    }
    const worker = hpa.parse(find(app, 'HorizontalPodAutoscaler', 'polychat-worker').spec);
    assert.ok(worker.maxReplicas <= configOf(settings).KAFKA_PARTITIONS, 'idle consumers beyond the partitions');
  });

  it('selects the right pods with the PDBs and the Service; the Ingress routes the public paths to it', () => {
    const selector = z.object({ selector: z.object({ matchLabels: z.record(z.string(), z.string()) }) }).loose();
    for (const name of ['polychat-api', 'polychat-worker']) {
      const { labels, selector: own } = podTemplateOf(workload('Deployment', name));
      assert.ok(own && selects(own, labels), `${name} selects its own pods`);
      assert.ok(
        selects(selector.parse(find(app, 'PodDisruptionBudget', name).spec).selector.matchLabels, labels),
        `${name} PDB`,
      );
    }
    const service = z
      .object({
        selector: z.record(z.string(), z.string()),
        ports: z.array(z.object({ name: z.string(), targetPort: z.string() }).loose()),
      })
      .loose()
      .parse(find(app, 'Service', 'polychat-api').spec);
    assert.ok(selects(service.selector, podTemplateOf(workload('Deployment', 'polychat-api')).labels));
    const httpPort = containerOf('Deployment', 'polychat-api').ports?.map((p) => p.name);
    for (const port of service.ports) assert.ok(httpPort?.includes(port.targetPort), `targetPort ${port.targetPort}`);

    const ingress = find(app, 'Ingress', 'polychat');
    const paths = JSON.stringify(ingress.spec);
    const backends = [...paths.matchAll(/"service":\{"name":"([^"]+)","port":\{"name":"([^"]+)"/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    assert.ok(
      backends.length > 0 && backends.every((b) => b === `polychat-api:${service.ports[0]?.name}`),
      backends.join(','),
    );
    const routed = [...paths.matchAll(/"path":"([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(
      routed.some((p) => '/v1/ws'.startsWith(p)),
      'the WebSocket path is routed',
    );
    for (const ops of ['/metrics', '/healthz', '/readyz'])
      assert.ok(!routed.some((p) => ops.startsWith(p)), `${ops} stays internal`);
    for (const timeout of ['proxy-read-timeout', 'proxy-send-timeout']) {
      assert.ok(
        Number(ingress.metadata.annotations?.[`nginx.ingress.kubernetes.io/${timeout}`]) >= 300,
        `${timeout}: idle sockets live`,
      );
    }
  });
});

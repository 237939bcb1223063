import { z } from 'zod';
import { checkReadiness, type HealthCheck } from '../health';
import type { Metrics } from '../metrics';
import type { HttpRoute } from './contributions';
import { RouteTable } from './route-table';

export interface OpsRouteOptions {
  readonly healthChecks: readonly HealthCheck[];
  readonly readinessTimeoutMs: number;
  /** True once shutdown began: /readyz turns 503 so the load balancer stops sending traffic. */
  readonly draining: () => boolean;
  readonly metrics: Metrics;
}

const storeHealth = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});
const readinessSchema = z
  .object({
    status: z.enum(['ok', 'unavailable', 'draining']),
    down: z.array(z.string()).optional().meta({ description: 'The stores that are down.' }),
    stores: z.record(z.string(), storeHealth),
  })
  .meta({ id: 'Readiness' });

/** GET /healthz, /readyz and /metrics: public, served by every role (the worker on its own small app). */
export function opsRoute(options: OpsRouteOptions): HttpRoute {
  const routes = new RouteTable({ tag: 'Operations' });
  routes.get(
    '/healthz',
    {
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Alive.', schema: z.object({ status: z.literal('ok') }) } },
    },
    (_input, _req, res) => {
      res.json({ status: 'ok' });
    },
  );
  routes.get(
    '/readyz',
    {
      summary: 'Readiness: every store answers, with its latency',
      responses: {
        200: { description: 'Every store is up.', schema: readinessSchema },
        503: {
          description: 'A store is down (named in `down`), or the process is shutting down.',
          schema: readinessSchema,
        },
      },
    },
    async (_input, _req, res) => {
      if (options.draining()) {
        res.setHeader('retry-after', '2');
        res.status(503).json({ status: 'draining', stores: {} });
        return;
      }
      const readiness = await checkReadiness(options.healthChecks, options.readinessTimeoutMs);
      const down = Object.entries(readiness.stores)
        .filter(([, health]) => health.status === 'down')
        .map(([name]) => name);
      if (!readiness.ok) res.setHeader('retry-after', '2');
      res
        .status(readiness.ok ? 200 : 503)
        .json({ status: readiness.ok ? 'ok' : 'unavailable', down, stores: readiness.stores });
    },
  );
  routes.get(
    '/metrics',
    {
      summary: 'Prometheus metrics',
      description:
        'HTTP latency by route, WebSocket connections and frames, outbox backlog per store, consumer lag, ' +
        'projection latency, DLQ sizes and the Node.js process metrics, in the Prometheus text format.',
      responses: { 200: { description: 'The exposition text.', contentType: 'text/plain', schema: z.string() } },
    },
    async (_input, _req, res) => {
      const { contentType, body } = await options.metrics.scrape();
      res.setHeader('content-type', contentType);
      res.send(body);
    },
  );
  return { path: '/', routes };
}

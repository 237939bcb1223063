import type { Booted } from '../bootstrap';
import { HEALTH_CHECK, type HealthCheck } from '../platform/health';
import type { ApiInfo, HttpAppOptions } from '../platform/http';
import { METRICS, type Metrics } from '../platform/metrics';

/** What /openapi.json says of this API. */
export const API_INFO: ApiInfo = {
  title: 'polychat',
  version: '1',
  description:
    'Event-driven chat backend: REST under /v1 (JSON, bearer access tokens), WebSocket at /v1/ws. ' +
    'Errors are `{ error: { code, message, details?, traceId } }` with a stable code.',
};

/**
 * The HTTP settings every role's app shares (body limit, readiness, metrics, trust proxy, security
 * headers, CORS), from the config and the container.
 */
export function sharedHttpOptions(
  { container, config }: Booted,
  draining: () => boolean,
): Omit<HttpAppOptions, 'routes' | 'docs'> {
  return {
    bodyLimit: config.HTTP_BODY_LIMIT,
    readinessTimeoutMs: config.READINESS_TIMEOUT_MS,
    healthChecks: container.getAll<HealthCheck>(HEALTH_CHECK),
    draining,
    metrics: container.get<Metrics>(METRICS),
    security: { corsOrigins: config.CORS_ORIGINS, trustProxy: config.TRUST_PROXY },
  };
}

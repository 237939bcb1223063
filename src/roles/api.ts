import type { Booted } from '../bootstrap';
import { HEALTH_CHECK, type HealthCheck } from '../platform/health';
import { createHttpApp, HTTP_ROUTE, listen, type HttpRoute, type RunningHttpServer } from '../platform/http';
import { WS_HANDLER, WsGateway, type WsHandler } from '../platform/ws';

/**
 * The api role: the Express app with every contributed router, and the WebSocket gateway with every
 * contributed handler, on one port. At shutdown it turns /readyz to 503, stops accepting, and lets
 * in-flight requests finish within SHUTDOWN_GRACE_MS before the store clients close.
 */
export async function startApi({ container, config, logger, shutdown }: Booted): Promise<RunningHttpServer> {
  let draining = false;
  const app = createHttpApp(
    {
      bodyLimit: config.HTTP_BODY_LIMIT,
      readinessTimeoutMs: config.READINESS_TIMEOUT_MS,
      routes: container.getAll<HttpRoute>(HTTP_ROUTE, { optional: true }),
      healthChecks: container.getAll<HealthCheck>(HEALTH_CHECK),
      draining: () => draining,
    },
    logger,
  );
  const http = await listen(app, config.HTTP_HOST, config.HTTP_PORT);
  const gateway = new WsGateway(
    http.server,
    container.getAll<WsHandler>(WS_HANDLER, { optional: true }),
    { path: '/v1/ws', maxFrameBytes: config.WS_MAX_FRAME_BYTES },
    logger,
  );
  shutdown.add('http', async () => {
    draining = true;
    await Promise.all([gateway.close(), http.stop(config.SHUTDOWN_GRACE_MS)]);
  });
  logger.info('api listening', { host: config.HTTP_HOST, port: http.port });
  return http;
}

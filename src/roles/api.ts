import path from 'node:path';
import type { Booted } from '../bootstrap';
import { API_TASK, type BackgroundTask } from '../platform/lifecycle';
import {
  ACCESS_TOKEN_VERIFIER,
  createHttpApp,
  hasWebClient,
  HTTP_ROUTE,
  listen,
  type AccessTokenVerifier,
  type HttpRoute,
  type RunningHttpServer,
} from '../platform/http';
import type { Redis } from 'ioredis';
import { WS_METRICS, type WsMetrics } from '../platform/metrics';
import { REDIS } from '../platform/redis';
import {
  RedisFrameRateLimiter,
  RedisLiveFanout,
  WS_CONNECTION_LISTENER,
  WS_HANDLER,
  WsGateway,
  type WsConnectionListener,
  type WsHandler,
} from '../platform/ws';
import { API_INFO, sharedHttpOptions } from './http-options';

/**
 * The api role: the Express app with every contributed router, and the WebSocket gateway with every
 * contributed handler, on one port, and the web client's files at `/` (WEB_DIR). At shutdown it
 * turns /readyz to 503, stops accepting, and lets
 * in-flight requests finish within SHUTDOWN_GRACE_MS before the store clients close.
 */
export async function startApi(booted: Booted): Promise<RunningHttpServer> {
  const { container, config, logger, shutdown } = booted;
  let draining = false;
  const webRoot = config.WEB_DIR === '' ? undefined : path.resolve(config.WEB_DIR);
  if (webRoot !== undefined && !hasWebClient(webRoot)) {
    logger.warn('web client not built: `npm run build` writes it; the API works without it', { webRoot });
  }
  const app = createHttpApp(
    {
      ...sharedHttpOptions(booted, () => draining),
      routes: container.getAll<HttpRoute>(HTTP_ROUTE, { optional: true }),
      docs: API_INFO,
      ...(webRoot === undefined ? {} : { webRoot }),
    },
    logger,
  );
  const http = await listen(app, config.HTTP_HOST, config.HTTP_PORT);
  const gateway = await WsGateway.start(
    http.server,
    {
      verifier: container.get<AccessTokenVerifier>(ACCESS_TOKEN_VERIFIER),
      handlers: container.getAll<WsHandler>(WS_HANDLER, { optional: true }),
      listeners: container.getAll<WsConnectionListener>(WS_CONNECTION_LISTENER, { optional: true }),
      fanout: container.get(RedisLiveFanout),
      rateLimiter: new RedisFrameRateLimiter(container.get<Redis>(REDIS), {
        frames: config.WS_RATE_FRAMES,
        windowSeconds: config.WS_RATE_WINDOW_SECONDS,
      }),
      metrics: container.get<WsMetrics>(WS_METRICS),
      logger,
    },
    {
      path: '/v1/ws',
      maxFrameBytes: config.WS_MAX_FRAME_BYTES,
      authTimeoutMs: config.WS_AUTH_TIMEOUT_MS,
      heartbeatMs: config.WS_HEARTBEAT_MS,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
      maxQueuedFrames: config.WS_RATE_FRAMES,
    },
  );
  const tasks = container.getAll<BackgroundTask>(API_TASK, { optional: true });
  for (const task of tasks) task.start();
  shutdown.add('http', async () => {
    draining = true;
    await Promise.all([gateway.close(), http.stop(config.SHUTDOWN_GRACE_MS)]);
    await Promise.all(tasks.map((task) => task.stop()));
  });
  logger.info('api listening', { host: config.HTTP_HOST, port: http.port });
  return http;
}

import express, { type Express } from 'express';
import { AppError } from '../errors';
import { checkReadiness, type HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { HttpRoute } from './contributions';
import { errorMapper } from './error-mapper';
import { requestContext } from './request-context';

export interface HttpAppOptions {
  readonly bodyLimit: string;
  readonly readinessTimeoutMs: number;
  readonly routes: readonly HttpRoute[];
  readonly healthChecks: readonly HealthCheck[];
  /** True once shutdown began: /readyz turns 503 and responses ask clients to close. */
  readonly draining: () => boolean;
}

/** Builds the Express app: request ids, JSON bodies, operations endpoints, feature routers, errors. */
export function createHttpApp(options: HttpAppOptions, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext(logger));
  app.use((_req, res, next) => {
    if (options.draining()) res.setHeader('connection', 'close');
    next();
  });
  app.use(express.json({ limit: options.bodyLimit }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (options.draining()) {
      res.status(503).json({ status: 'draining', stores: {} });
      return;
    }
    const readiness = await checkReadiness(options.healthChecks, options.readinessTimeoutMs);
    const down = Object.entries(readiness.stores)
      .filter(([, health]) => health.status === 'down')
      .map(([name]) => name);
    res
      .status(readiness.ok ? 200 : 503)
      .json({ status: readiness.ok ? 'ok' : 'unavailable', down, stores: readiness.stores });
  });

  for (const route of options.routes) app.use(route.path, route.router);

  app.use((req, _res, next) => {
    next(new AppError('ROUTE.NOT_FOUND', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorMapper(logger));
  return app;
}

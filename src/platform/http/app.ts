import express, { type Express } from 'express';
import { AppError } from '../errors';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { HttpRoute } from './contributions';
import { errorMapper } from './error-mapper';
import { methodNotAllowed } from './method-not-allowed';
import { buildOpenApiDocument, type ApiInfo, type OpenApiDocument } from './openapi/document';
import { docsRoute } from './openapi/docs-route';
import { opsRoute } from './ops-route';
import { requestContext } from './request-context';
import { applyHttpSecurity, type HttpSecurityOptions } from './security';
import { webClient } from './web-client';

export interface HttpAppOptions {
  /** Largest JSON body, e.g. 100kb; a bigger one is a 413 REQUEST.TOO_LARGE. */
  readonly bodyLimit: string;
  readonly readinessTimeoutMs: number;
  /** Feature routes; an ops-only app (the worker's) has none. */
  readonly routes: readonly HttpRoute[];
  readonly healthChecks: readonly HealthCheck[];
  /** True once shutdown began: /readyz turns 503 and responses ask clients to close. */
  readonly draining: () => boolean;
  readonly metrics: Metrics;
  readonly security: HttpSecurityOptions;
  /** Serve /openapi.json and /docs describing this API; omitted on the worker's ops-only app. */
  readonly docs?: ApiInfo;
  /** The built web client's folder, served at `/` after every route (the api role's app only). */
  readonly webRoot?: string;
}

/**
 * Builds the Express app: trust-proxy, security headers and CORS; request ids and logs; request
 * metrics; JSON bodies; /healthz, /readyz, /metrics (and /openapi.json, /docs); feature routes;
 * the web client (static files and its SPA fallback); then 404s and errors. A declared path asked with a method it does not serve is a 405 first.
 */
export function createHttpApp(options: HttpAppOptions, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  applyHttpSecurity(app, options.security);
  app.use(requestContext(logger, options.metrics.http));
  app.use((_req, res, next) => {
    if (options.draining()) res.setHeader('connection', 'close');
    next();
  });
  const mounted: HttpRoute[] = [opsRoute(options)];
  app.use(methodNotAllowed(mounted));
  app.use(express.json({ limit: options.bodyLimit }));

  let document: OpenApiDocument | undefined;
  const documentOf = (): OpenApiDocument => {
    document ??= buildOpenApiDocument(mounted, options.docs ?? { title: 'polychat', version: '0' });
    return document;
  };
  if (options.docs) mounted.push(docsRoute(documentOf));
  mounted.push(...options.routes);
  for (const route of mounted) app.use(route.path, route.routes.router);
  if (options.webRoot !== undefined) app.use(webClient(options.webRoot));

  app.use((req, _res, next) => {
    next(new AppError('ROUTE.NOT_FOUND', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorMapper(logger));
  return app;
}

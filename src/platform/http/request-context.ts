import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithLogContext, type Logger } from '../logger';
import type { HttpMetrics } from '../metrics';
import { routeTemplateOf } from './route-table';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new uuid), echoes it
 * back, runs the rest of the chain with it in the log context, and when the response ends logs one
 * line and records its duration by route template. Query strings are never logged: they may carry
 * tokens.
 */
export function requestContext(logger: Logger, metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    runWithLogContext({ requestId }, () => {
      res.on('finish', () => {
        const seconds = (performance.now() - started) / 1000;
        const route = routeTemplateOf(res);
        metrics.observe(route, req.method, res.statusCode, seconds);
        logger.http('request', {
          requestId,
          method: req.method,
          path: route ?? req.path,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
        });
      });
      next();
    });
  };
}

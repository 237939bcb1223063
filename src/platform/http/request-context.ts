import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithLogContext, type Logger } from '../logger';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new uuid), echoes it
 * back, runs the rest of the chain with it in the log context, and logs one line when the response
 * ends. Query strings are never logged: they may carry tokens.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    runWithLogContext({ requestId }, () => {
      res.on('finish', () => {
        logger.http('request', {
          requestId,
          method: req.method,
          path: req.baseUrl + (req.route ? String((req.route as { path: unknown }).path) : req.path),
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        });
      });
      next();
    });
  };
}

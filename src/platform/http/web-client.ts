import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

/**
 * Paths the web client never answers, even with its SPA fallback: the API, its documents, the
 * operations endpoints and the WebSocket. An unknown path under them stays a JSON 404.
 */
export const RESERVED_PATH_PREFIXES = ['/v1', '/docs', '/openapi.json', '/metrics', '/healthz', '/readyz', '/ws'];

function reserved(urlPath: string): boolean {
  return RESERVED_PATH_PREFIXES.some(
    (prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`) || urlPath.startsWith(`${prefix}.`),
  );
}

/** True when `root` holds a built web client (its index.html). */
export function hasWebClient(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}

/**
 * Serves the built web client (docs/decisions/0049): hashed files under /assets cached for a year
 * as immutable, index.html never cached, and index.html for any other GET that asks for HTML (the
 * client routes in the browser). Reserved paths fall through to the API's 404.
 */
export function webClient(root: string): Router {
  const router = express.Router();
  const index = path.join(root, 'index.html');
  const files = express.static(root, {
    index: false,
    fallthrough: true,
    setHeaders(res, filePath) {
      const immutable = filePath.startsWith(path.join(root, 'assets') + path.sep);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const skipReserved: RequestHandler = (req, _res, next) => {
    if (reserved(req.path)) {
      next('router');
      return;
    }
    next();
  };
  router.use(skipReserved, files);
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html') || path.extname(req.path) !== '') {
      next();
      return;
    }
    if (!existsSync(index)) {
      next(); // not built: the API's 404
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index, (error) => {
      if (error) next(error);
    });
  });
  return router;
}

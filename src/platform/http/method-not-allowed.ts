import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { HttpRoute } from './contributions';
import { joinRoutePath } from './route-table';

interface KnownPath {
  readonly matcher: RegExp;
  readonly methods: Set<string>;
}

/** /v1/chats/:id -> a regex matching it the way Express does (case-insensitive, optional trailing slash). */
function matcherOf(expressPath: string): RegExp {
  const source = expressPath
    .split(/(:\w+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * After every route: a request for a known path with a method it does not serve is a 405
 * METHOD.NOT_ALLOWED with `Allow` listing what it does serve (HEAD comes with GET); OPTIONS on a
 * known path answers 204 with `Allow`. Anything else goes on to the 404.
 */
export function methodNotAllowed(routes: readonly HttpRoute[]): RequestHandler {
  let known: KnownPath[] | undefined;
  const knownPaths = (): KnownPath[] => {
    if (known) return known;
    const byPath = new Map<string, Set<string>>();
    for (const route of routes) {
      for (const operation of route.routes.operations) {
        const full = joinRoutePath(route.path, operation.path);
        const methods = byPath.get(full) ?? new Set<string>();
        methods.add(operation.method.toUpperCase());
        if (operation.method === 'get') methods.add('HEAD');
        byPath.set(full, methods);
      }
    }
    known = [...byPath].map(([path, methods]) => ({ matcher: matcherOf(path), methods }));
    return known;
  };
  return (req, res, next) => {
    const allowed = new Set<string>();
    for (const path of knownPaths()) {
      if (path.matcher.test(req.path)) for (const method of path.methods) allowed.add(method);
    }
    if (allowed.size === 0 || allowed.has(req.method)) {
      next();
      return;
    }
    res.setHeader('allow', [...allowed].join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new AppError('METHOD.NOT_ALLOWED', `${req.method} is not allowed here; use ${[...allowed].join(', ')}`));
  };
}

import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { HttpRoute } from './contributions';
import { joinRoutePath } from './route-table';

interface KnownPath {
  readonly matcher: RegExp;
  readonly methods: Set<string>;
  /** How many `:param` segments: a path with fewer is more specific (OpenAPI: concrete paths first). */
  readonly params: number;
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
 * Before the routes: a request for a declared path with a method that path does not serve is a 405
 * METHOD.NOT_ALLOWED with `Allow` listing what it serves (HEAD comes with GET); OPTIONS answers 204
 * with `Allow`. As OpenAPI matches, a concrete path wins over a template: DELETE /v1/friends/requests
 * is a 405 for /v1/friends/requests, not a 422 from DELETE /v1/friends/{userId}. Requests for paths
 * nobody declared go on (to the 404).
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
    known = [...byPath].map(([path, methods]) => ({
      matcher: matcherOf(path),
      methods,
      params: (path.match(/:\w+/g) ?? []).length,
    }));
    return known;
  };
  return (req, res, next) => {
    const matching = knownPaths().filter((path) => path.matcher.test(req.path));
    const fewest = Math.min(...matching.map((path) => path.params));
    const allowed = new Set(matching.filter((path) => path.params === fewest).flatMap((path) => [...path.methods]));
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

import type { Router } from 'express';

/** A feature's HTTP surface: a plain Express router mounted at `path` (e.g. /v1/users). */
export interface HttpRoute {
  readonly path: string;
  readonly router: Router;
}

/** Multi-bound by feature modules; the api role mounts every one. */
export const HTTP_ROUTE = Symbol.for('polychat.HttpRoute');

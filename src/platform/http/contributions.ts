import type { RouteTable } from './route-table';

/**
 * A feature's HTTP surface: a RouteTable (each route declared once, which validates requests and
 * feeds the OpenAPI document) mounted at `path` (e.g. /v1/users). See docs/openapi.md.
 */
export interface HttpRoute {
  readonly path: string;
  readonly routes: RouteTable;
}

/** Multi-bound by feature modules; the api role mounts every one. */
export const HTTP_ROUTE = Symbol.for('polychat.HttpRoute');

import { Histogram, type Registry } from 'prom-client';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label of a request that matched no declared route (404s, static assets, refused preflights). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * HTTP request durations by route template (`/v1/chats/:id/messages`, never the raw URL, so the
 * series stay bounded), method and status.
 */
export class HttpMetrics {
  private readonly duration: Histogram<'route' | 'method' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'polychat_http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** Records one finished request; `route` is its template, or undefined when none matched. */
  observe(route: string | undefined, method: string, status: number, seconds: number): void {
    this.duration.observe(
      {
        route: route ?? UNMATCHED_ROUTE,
        method: METHODS.has(method) ? method : 'OTHER',
        status: String(status),
      },
      seconds,
    );
  }
}

import cors from 'cors';
import type { Express } from 'express';
import helmet from 'helmet';

export interface HttpSecurityOptions {
  /** Browser origins allowed cross-origin; ['*'] for any; empty for none. */
  readonly corsOrigins: readonly string[];
  /** Express's `trust proxy`: false, a hop count, or trusted proxy addresses/subnets. */
  readonly trustProxy: false | number | readonly string[];
}

/** Headers a browser may send cross-origin, and the ones it may read from our answers. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-request-id'];
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/**
 * Trust-proxy, security headers and CORS, before anything else runs. Helmet's defaults, with a
 * Content-Security-Policy that Swagger UI at /docs works under (its scripts and styles are served
 * from this origin; it needs inline styles and data: images) and without upgrade-insecure-requests,
 * which would break /docs on plain-HTTP addresses (TLS ends at the ingress; HSTS covers that case).
 */
export function applyHttpSecurity(app: Express, options: HttpSecurityOptions): void {
  const { trustProxy } = options;
  app.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  if (options.corsOrigins.length === 0) return; // no CORS headers: browsers refuse cross-origin calls
  app.use(
    cors({
      origin: options.corsOrigins.includes('*') ? '*' : [...options.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    }),
  );
}

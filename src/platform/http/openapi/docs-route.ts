import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { HttpRoute } from '../contributions';
import { labelRoute, RouteTable } from '../route-table';

/**
 * GET /openapi.json (the document, built on first request, once every route is mounted) and GET
 * /docs (Swagger UI, its assets served from node_modules/swagger-ui-dist, so it works offline).
 * Every URL is relative, so the docs also work behind an ingress that adds a path prefix.
 */
export function docsRoute(document: () => object): HttpRoute {
  const routes = new RouteTable({ tag: 'Operations' });
  routes.get(
    '/openapi.json',
    {
      summary: 'This API described in OpenAPI 3.1',
      responses: { 200: { description: 'The document.', schema: z.record(z.string(), z.unknown()) } },
    },
    (_input, _req, res) => {
      res.json(document());
    },
  );
  const html = swaggerUi.generateHTML(undefined, { customSiteTitle: 'polychat API' });
  routes.get(
    '/docs',
    {
      summary: 'Interactive API documentation (Swagger UI)',
      responses: {
        200: { description: 'The Swagger UI page (at /docs/).', contentType: 'text/html', schema: z.string() },
        301: { description: 'From /docs to /docs/, where the page’s relative asset links resolve.' },
      },
    },
    (_input, req, res) => {
      if (!(req.originalUrl.split('?')[0] ?? '').endsWith('/')) {
        res.redirect(301, 'docs/');
        return;
      }
      res.type('html').send(html);
    },
  );
  routes.router.use(
    '/docs',
    labelRoute('/docs/*'),
    ...swaggerUi.serveFiles(undefined, { swaggerUrl: '../openapi.json', customSiteTitle: 'polychat API' }),
  );
  return { path: '/', routes };
}

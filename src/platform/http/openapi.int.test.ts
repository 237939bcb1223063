import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { startTestApp, type TestApp } from '../../testing/app';
import { joinRoutePath } from './route-table';
import { toOpenApiPath } from './openapi/document';

interface Layer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

/** Every route Express would dispatch to, found by walking the router stacks (not the declarations). */
function mountedRoutes(stack: readonly Layer[], prefix = ''): { method: string; path: string }[] {
  return stack.flatMap((layer) => {
    const here = typeof layer.rawPath === 'string' ? joinRoutePath(prefix, layer.rawPath) : prefix;
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ method, path: joinRoutePath(prefix, layer.route?.path ?? '') }));
    }
    return layer.handle?.stack ? mountedRoutes(layer.handle.stack, here) : [];
  });
}

type Paths = Record<string, Record<string, unknown>>;

describe('OpenAPI document of the real app (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let document: { openapi: string; paths: Paths };

  before(async () => {
    app = await startTestApp({ worker: false });
    const res = await fetch(`${app.base}/openapi.json`);
    assert.equal(res.status, 200);
    document = (await res.json()) as typeof document;
  });
  after(() => app.stop());

  it('describes every route mounted on the app, and nothing that is not mounted', () => {
    const express = app.http.server.listeners('request')[0] as Express & { router: { stack: Layer[] } };
    const mounted = mountedRoutes(express.router.stack);
    assert.ok(mounted.length >= 40, `found only ${mounted.length} routes`);
    const missing = mounted.filter(({ method, path }) => !document.paths[toOpenApiPath(path)]?.[method]);
    assert.deepEqual(missing, [], 'mounted but not in /openapi.json');
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    const served = new Set(mounted.map(({ method, path }) => `${method} ${toOpenApiPath(path)}`));
    assert.deepEqual(
      documented.filter((operation) => !served.has(operation)),
      [],
      'in /openapi.json but not mounted',
    );
    for (const expected of ['get /v1/chats/{id}/messages', 'post /v1/auth/login', 'get /metrics', 'get /docs']) {
      assert.ok(served.has(expected), expected);
    }
  });

  it('validates against the OpenAPI 3.1 schema', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('has patterns JSON Schema reads as the server does: no flags, every one matching what the server accepts', () => {
    const patterns: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'pattern' && typeof value === 'string') patterns.push(value);
        else walk(value);
      }
    };
    walk(document);
    assert.ok(patterns.length >= 10, `only ${patterns.length} patterns`);
    for (const pattern of patterns) {
      assert.doesNotMatch(pattern, /\/[a-z]+$|\\p\{/, pattern);
      assert.doesNotThrow(() => new RegExp(pattern), pattern);
    }
    type Schema = { properties: Record<string, { pattern: string }> };
    const body = (path: string) =>
      (document.paths[path]?.['post'] as { requestBody: { content: Record<string, { schema: Schema }> } }).requestBody
        .content['application/json']?.schema.properties ?? {};
    const register = body('/v1/auth/register');
    assert.ok(new RegExp(register['displayName']?.pattern ?? '').test('Zoë Smith 😀'));
    assert.ok(!new RegExp(register['displayName']?.pattern ?? '').test('Zoë\u0007'));
    assert.ok(new RegExp(register['email']?.pattern ?? '').test('zoe@example.test'));
    assert.ok(!new RegExp(register['password']?.pattern ?? '').test('pass\u0000word'));
  });

  it('marks authenticated routes with the bearer scheme and public ones without', () => {
    const security = (path: string, method: string) =>
      (document.paths[path]?.[method] as { security: unknown[] }).security;
    assert.deepEqual(security('/v1/users/me', 'get'), [{ bearerAuth: [] }]);
    assert.deepEqual(security('/v1/auth/register', 'post'), []);
    assert.deepEqual(security('/healthz', 'get'), []);
  });

  it('serves Swagger UI at /docs with every asset from this server', async () => {
    const redirect = await fetch(`${app.base}/docs`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), 'docs/');
    const page = await fetch(`${app.base}/docs/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script>(?!\s*<\/script>)[^<]+<\/script>/, 'no inline script (the CSP forbids it)');
    const assets = [...html.matchAll(/(?:src|href)=["']\.\/([^"']+)["']/g)].map((match) => match[1] ?? '');
    assert.ok(assets.includes('swagger-ui-bundle.js') && assets.includes('swagger-ui.css'), assets.join());
    const types: Record<string, RegExp> = { js: /javascript/, css: /^text\/css/, png: /^image\/png/ };
    for (const asset of assets) {
      const res = await fetch(`${app.base}/docs/${asset}`);
      assert.equal(res.status, 200, asset);
      assert.match(res.headers.get('content-type') ?? '', types[asset.split('.').pop() ?? ''] ?? /./, asset);
      assert.ok((await res.arrayBuffer()).byteLength > 0, asset);
    }
    const init = await (await fetch(`${app.base}/docs/swagger-ui-init.js`)).text();
    assert.match(init, /"swaggerUrl": "\.\.\/openapi\.json"/, 'the UI loads the document this server serves');
  });
});

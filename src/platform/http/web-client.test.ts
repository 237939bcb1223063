import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../logger';
import { Metrics } from '../metrics';
import { createHttpApp } from './app';
import { RouteTable } from './route-table';
import { listen, type RunningHttpServer } from './server';
import { RESERVED_PATH_PREFIXES } from './web-client';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

describe('web client serving', () => {
  let root: string;
  let server: RunningHttpServer;
  let base: string;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'polychat-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>polychat</title>');
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'robots.txt'), 'User-agent: *');
    const routes = new RouteTable({ tag: 'Test' }).get(
      '/ping',
      { summary: 'ping', responses: { 200: { description: 'ok' } } },
      (_i, _req, res) => {
        res.json({ pong: true });
      },
    );
    const app = createHttpApp(
      {
        bodyLimit: '1kb',
        readinessTimeoutMs: 200,
        routes: [{ path: '/v1/test', routes }],
        healthChecks: [],
        draining: () => false,
        metrics: new Metrics(),
        security: { corsOrigins: [], trustProxy: false },
        docs: { title: 'test', version: '1' },
        webRoot: root,
      },
      logger,
    );
    server = await listen(app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.stop(100);
    rmSync(root, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml' };

  it('serves index.html at / and for client routes, never cached', async () => {
    for (const pathname of ['/', '/chats', '/chats/8d9a3c1e-0000-4000-8000-000000000000', '/admin']) {
      const res = await fetch(`${base}${pathname}`, { headers: html });
      assert.equal(res.status, 200, pathname);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(await res.text(), /<title>polychat<\/title>/);
    }
  });

  it('serves hashed assets as immutable for a year, other files revalidated', async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await asset.text(), 'console.log(1)');
    const robots = await fetch(`${base}/robots.txt`);
    assert.equal(robots.headers.get('cache-control'), 'no-cache');
  });

  it('never shadows the API: routes answer, unknown reserved paths stay JSON 404s', async () => {
    assert.deepEqual(await (await fetch(`${base}/v1/test/ping`, { headers: html })).json(), { pong: true });
    assert.equal((await fetch(`${base}/healthz`, { headers: html })).status, 200);
    assert.equal((await fetch(`${base}/openapi.json`, { headers: html })).status, 200);
    for (const prefix of RESERVED_PATH_PREFIXES) {
      const res = await fetch(`${base}${prefix}/not-a-route`, { headers: html });
      assert.equal(res.status, 404, prefix);
      const body = (await res.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'ROUTE.NOT_FOUND', prefix);
    }
  });

  it('answers a missing asset, a non-HTML request and a POST with the API 404, not index.html', async () => {
    const missing = await fetch(`${base}/assets/gone.js`, { headers: html });
    assert.equal(missing.status, 404);
    const json = await fetch(`${base}/chats`, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 404);
    const post = await fetch(`${base}/chats`, { method: 'POST', headers: html });
    assert.equal(post.status, 404);
  });
});

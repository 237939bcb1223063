import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../config';
import { createLogger } from '../logger';
import { Metrics } from '../metrics';
import { createHttpApp } from './app';
import { RouteTable } from './route-table';
import type { HttpSecurityOptions } from './security';
import { listen, type RunningHttpServer } from './server';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

/** An app with one public route that answers the client address Express settled on. */
async function appWith(security: HttpSecurityOptions): Promise<RunningHttpServer> {
  const routes = new RouteTable({ tag: 'T' }).get(
    '/ip',
    { summary: 'ip', responses: { 200: { description: 'ok' } } },
    (_input, req, res) => {
      res.json({ ip: req.ip });
    },
  );
  const app = createHttpApp(
    {
      bodyLimit: '1kb',
      readinessTimeoutMs: 100,
      routes: [{ path: '/t', routes }],
      healthChecks: [],
      draining: () => false,
      metrics: new Metrics(),
      security,
      docs: { title: 't', version: '1' },
    },
    logger,
  );
  return listen(app, '127.0.0.1', 0);
}

async function ipSeen(server: RunningHttpServer, forwardedFor: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${server.port}/t/ip`, { headers: { 'x-forwarded-for': forwardedFor } });
  return ((await res.json()) as { ip: string }).ip;
}

describe('http security settings', () => {
  const started: RunningHttpServer[] = [];
  const start = async (security: HttpSecurityOptions) => {
    const server = await appWith(security);
    started.push(server);
    return server;
  };
  after(() => Promise.all(started.map((server) => server.stop(100))));

  it('believes X-Forwarded-For only as far as TRUST_PROXY says', async () => {
    const none = await start({ corsOrigins: [], trustProxy: false });
    assert.equal(await ipSeen(none, '203.0.113.7'), '127.0.0.1');
    const oneHop = await start({ corsOrigins: [], trustProxy: 1 });
    assert.equal(await ipSeen(oneHop, '198.51.100.1, 203.0.113.7'), '203.0.113.7');
    const loopback = await start({ corsOrigins: [], trustProxy: ['loopback'] });
    assert.equal(await ipSeen(loopback, '198.51.100.1, 203.0.113.7'), '203.0.113.7');
    const otherSubnet = await start({ corsOrigins: [], trustProxy: ['10.0.0.0/8'] });
    assert.equal(await ipSeen(otherSubnet, '203.0.113.7'), '127.0.0.1');
  });

  it('sets security headers that still let /docs load', async () => {
    const server = await start({ corsOrigins: [], trustProxy: false });
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('answers cross-origin calls only from configured origins', async () => {
    const allowed = 'https://app.example.com';
    const server = await start({ corsOrigins: [allowed], trustProxy: false });
    const url = `http://127.0.0.1:${server.port}/healthz`;
    const ok = await fetch(url, { headers: { origin: allowed } });
    assert.equal(ok.headers.get('access-control-allow-origin'), allowed);
    assert.match(ok.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
    const denied = await fetch(url, { headers: { origin: 'https://evil.example.net' } });
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), null);

    const closed = await start({ corsOrigins: [], trustProxy: false });
    const none = await fetch(`http://127.0.0.1:${closed.port}/healthz`, { headers: { origin: allowed } });
    assert.equal(none.headers.get('access-control-allow-origin'), null);
  });

  it('reads CORS_ORIGINS and TRUST_PROXY from the config, refusing unsafe or malformed values', () => {
    const config = (env: Record<string, string>) => loadConfig({ POLYCHAT_ENV: 'dev', ...env });
    assert.deepEqual(config({}).CORS_ORIGINS, []);
    assert.equal(config({}).TRUST_PROXY, false);
    assert.deepEqual(config({ CORS_ORIGINS: 'https://a.example, http://localhost:3000' }).CORS_ORIGINS, [
      'https://a.example',
      'http://localhost:3000',
    ]);
    assert.equal(config({ TRUST_PROXY: '2' }).TRUST_PROXY, 2);
    assert.deepEqual(config({ TRUST_PROXY: '10.0.0.0/8, loopback,::1' }).TRUST_PROXY, [
      '10.0.0.0/8',
      'loopback',
      '::1',
    ]);
    for (const [variable, value] of [
      ['TRUST_PROXY', 'true'],
      ['TRUST_PROXY', '10.0.0.0/33'],
      ['TRUST_PROXY', 'my-proxy'],
      ['CORS_ORIGINS', 'https://a.example/path'],
      ['CORS_ORIGINS', 'a.example'],
    ] as const) {
      assert.throws(
        () => config({ [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.variable.startsWith(variable)),
        `${variable}=${value}`,
      );
    }
  });
});

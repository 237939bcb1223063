import assert from 'node:assert/strict';
import { z } from 'zod';
import { AppError } from '../errors';
import type { HealthCheck } from '../health';
import { createLogger } from '../logger';
import { Metrics } from '../metrics';
import { createHttpApp } from './app';
import { RouteTable } from './route-table';
import { listen, type RunningHttpServer } from './server';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

function fakeCheck(name: HealthCheck['name'], up: () => boolean): HealthCheck {
  return {
    name,
    check: () => (up() ? Promise.resolve() : Promise.reject(new Error(`${name} refused`))),
  };
}

describe('http app', () => {
  let server: RunningHttpServer;
  let base: string;
  let redisUp = true;

  before(async () => {
    const ok = { 200: { description: 'ok' } };
    const routes = new RouteTable({ tag: 'Test' })
      .post(
        '/echo',
        { summary: 'echo', body: z.object({ name: z.string().min(1), age: z.number().int() }), responses: ok },
        ({ body }, _req, res) => {
          res.json(body);
        },
      )
      .get('/conflict', { summary: 'conflict', responses: ok }, () => {
        throw new AppError('USER.ALREADY_EXISTS', 'taken', { fields: [{ field: 'username', reason: 'taken' }] });
      })
      .get('/bug', { summary: 'bug', responses: ok }, () => {
        throw new Error('secret internals');
      });
    const app = createHttpApp(
      {
        bodyLimit: '1kb',
        readinessTimeoutMs: 200,
        routes: [{ path: '/v1/test', routes }],
        healthChecks: [fakeCheck('postgres', () => true), fakeCheck('redis', () => redisUp)],
        draining: () => false,
        metrics: new Metrics(),
        security: { corsOrigins: [], trustProxy: false },
      },
      logger,
    );
    server = await listen(app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.stop(100));

  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': type } });

  it('answers /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('reports each store on /readyz and 503 naming the one that is down', async () => {
    let res = await fetch(`${base}/readyz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { stores: Record<string, { status: string; latencyMs: number }> };
    assert.equal(body.stores['postgres']?.status, 'ok');
    assert.equal(typeof body.stores['redis']?.latencyMs, 'number');
    redisUp = false;
    res = await fetch(`${base}/readyz`);
    assert.equal(res.status, 503);
    const down = (await res.json()) as { down: string[]; stores: Record<string, { status: string; error: string }> };
    assert.deepEqual(down.down, ['redis']);
    assert.equal(down.stores['redis']?.error, 'redis refused');
    redisUp = true;
  });

  it('gives every response a request id, echoing a sane incoming one', async () => {
    const fresh = await fetch(`${base}/healthz`);
    assert.match(fresh.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(echoed.headers.get('x-request-id'), 'abc-123');
    const hostile = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'a b\tc<script>' } });
    assert.notEqual(hostile.headers.get('x-request-id'), 'a b\tc<script>');
  });

  it('maps bad input to 4xx with a stable code and the field at fault', async () => {
    const malformed = await post('/v1/test/echo', '{"name":');
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'REQUEST.MALFORMED_JSON');

    const tooLarge = await post('/v1/test/echo', JSON.stringify({ name: 'x'.repeat(2000), age: 1 }));
    assert.equal(tooLarge.status, 413);
    assert.equal(((await tooLarge.json()) as { error: { code: string } }).error.code, 'REQUEST.TOO_LARGE');

    const invalid = await post('/v1/test/echo', JSON.stringify({ name: '', age: 1.5 }));
    assert.equal(invalid.status, 422);
    const body = (await invalid.json()) as {
      error: { code: string; details: { fields: { field: string }[] }; traceId: string };
    };
    assert.equal(body.error.code, 'VALIDATION.FAILED');
    assert.deepEqual(body.error.details.fields.map((f) => f.field).sort(), ['age', 'name']);
    assert.equal(body.error.traceId, invalid.headers.get('x-request-id'));
  });

  it('maps domain errors through the code table', async () => {
    const res = await fetch(`${base}/v1/test/conflict`);
    assert.equal(res.status, 409);
    const body = (await res.json()) as { error: { code: string; details: unknown } };
    assert.equal(body.error.code, 'USER.ALREADY_EXISTS');
    assert.deepEqual(body.error.details, { fields: [{ field: 'username', reason: 'taken' }] });
  });

  it('answers an unknown route with 404 ROUTE.NOT_FOUND', async () => {
    const res = await fetch(`${base}/v1/nothing-here`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'ROUTE.NOT_FOUND');
  });

  it('hides a bug behind a generic 500 with a trace id', async () => {
    const res = await fetch(`${base}/v1/test/bug`);
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.doesNotMatch(text, /secret internals|at .+\.ts/);
    const body = JSON.parse(text) as { error: { code: string; traceId: string } };
    assert.equal(body.error.code, 'INTERNAL');
    assert.equal(body.error.traceId, res.headers.get('x-request-id'));
  });
});

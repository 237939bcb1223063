import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import winston from 'winston';
import { z } from 'zod';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { Metrics } from '../metrics';
import { createHttpApp } from './app';
import { DEFAULT_RETRY_AFTER_SECONDS, describeError, toAppError } from './error-mapper';
import { RouteTable } from './route-table';
import { listen, type RunningHttpServer } from './server';

/** Keeps every log line as JSON, so a test can read what an error was logged as. */
class Captured extends Writable {
  readonly entries: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.entries.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
    done();
  }
}

describe('error mapper', () => {
  const captured = new Captured();
  const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
  logger.clear().add(new winston.transports.Stream({ stream: captured }));
  let server: RunningHttpServer;
  let base: string;

  before(async () => {
    const ok = { 200: { description: 'ok' } };
    const routes = new RouteTable({ tag: 'Test' })
      .get('/down', { summary: 'a store is down', responses: ok }, () => {
        throw new AppError('STORE.UNAVAILABLE', 'redis is unavailable', { store: 'redis' });
      })
      .get('/down-long', { summary: 'a store says when', responses: ok }, () => {
        throw new AppError('STORE.UNAVAILABLE', 'mongo is unavailable', { store: 'mongo', retryAfterSeconds: 7 });
      })
      .get('/bug', { summary: 'bug', responses: ok }, () => {
        throw new Error('outer failure', {
          cause: Object.assign(new Error('ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
        });
      })
      .get('/items/special', { summary: 'a concrete path beside a template', responses: ok }, (_input, _req, res) => {
        res.json({ special: true });
      })
      .get('/driver', { summary: 'a driver error', responses: ok }, () => {
        throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      })
      .post(
        '/items/:id',
        {
          summary: 'echo',
          params: z.object({ id: z.string() }),
          body: z.object({ tags: z.array(z.string()) }),
          responses: ok,
        },
        ({ body }, _req, res) => {
          res.json(body);
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
      },
      logger,
    );
    server = await listen(app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.stop(100);
  });

  it('gives every 503 a Retry-After: the error’s own, else the default', async () => {
    const plain = await fetch(`${base}/v1/test/down`);
    assert.equal(plain.status, 503);
    assert.equal(plain.headers.get('retry-after'), String(DEFAULT_RETRY_AFTER_SECONDS));
    const given = await fetch(`${base}/v1/test/down-long`);
    assert.equal(given.status, 503);
    assert.equal(given.headers.get('retry-after'), '7');
  });

  it('logs an unknown error with its message, stack and cause, not as {}', async () => {
    captured.entries.length = 0;
    const res = await fetch(`${base}/v1/test/bug`);
    assert.equal(res.status, 500);
    const entry = captured.entries.find((logged) => logged['message'] === 'unhandled error');
    const error = entry?.['error'] as { message: string; stack: string; cause: { message: string; code: string } };
    assert.equal(error.message, 'outer failure');
    assert.match(error.stack, /error-mapper\.test\.ts/);
    assert.deepEqual([error.cause.message, error.cause.code], ['ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED']);
    assert.equal(describeError('plain string').value, 'plain string');
  });

  it('turns a driver error meaning a store is down into a 503 naming it, and nothing else', async () => {
    const down = Object.assign(new Error('Connection is closed.'), { name: 'MaxRetriesPerRequestError' });
    const mapped = toAppError(down);
    assert.equal(mapped?.code, 'STORE.UNAVAILABLE');
    assert.equal(mapped?.details?.['store'], 'redis');
    assert.equal(toAppError(new Error('a bug')), undefined);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    assert.equal(toAppError(refused), undefined, 'a bare socket error from no driver (a webhook) is not a store');
    assert.equal((await fetch(`${base}/v1/test/driver`)).status, 500);
  });

  it('refuses NUL anywhere in a request with a 422 naming the field', async () => {
    const res = await fetch(`${base}/v1/test/items/a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: ['ok', 'bad\u0000'] }),
    });
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { details: { fields: { field: string }[] } } };
    assert.deepEqual(
      body.error.details.fields.map((f) => f.field),
      ['tags.1'],
    );
    const inPath = await fetch(`${base}/v1/test/items/a%00b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"tags":[]}',
    });
    assert.equal(inPath.status, 422);
  });

  it('maps a bad percent-escape in the path and an unreadable gzip body to 400s', async () => {
    const uri = await fetch(`${base}/v1/test/items/%ZZ`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(uri.status, 400);
    assert.equal(((await uri.json()) as { error: { code: string } }).error.code, 'REQUEST.MALFORMED_URI');
    const gzip = await fetch(`${base}/v1/test/items/a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip at all',
    });
    assert.equal(gzip.status, 400);
    assert.equal(((await gzip.json()) as { error: { code: string } }).error.code, 'REQUEST.MALFORMED_BODY');
  });

  it('answers another method on a known path with 405 and Allow, OPTIONS with 204 and Allow', async () => {
    const res = await fetch(`${base}/v1/test/down`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'METHOD.NOT_ALLOWED');
    const trailing = await fetch(`${base}/v1/test/items/x/`, { method: 'GET' });
    assert.equal(trailing.status, 405);
    assert.equal(trailing.headers.get('allow'), 'POST');
    const options = await fetch(`${base}/v1/test/items/x`, { method: 'OPTIONS' });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'POST');
    assert.equal((await fetch(`${base}/v1/test/nothing`, { method: 'DELETE' })).status, 404);
    // OpenAPI matches a concrete path before a template: POST /items/special is not POST /items/{id}.
    const concrete = await fetch(`${base}/v1/test/items/special`, { method: 'POST', body: '{"tags":[]}' });
    assert.equal(concrete.status, 405);
    assert.equal(concrete.headers.get('allow'), 'GET, HEAD');
    assert.equal((await fetch(`${base}/v1/test/items/special`)).status, 200);
  });
});

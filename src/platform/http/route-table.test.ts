import assert from 'node:assert/strict';
import express from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import type { AccessTokenVerifier } from './authentication';
import { errorMapper } from './error-mapper';
import { joinRoutePath, RouteTable, routeTemplateOf } from './route-table';
import { listen, type RunningHttpServer } from './server';

const logger = createLogger({ level: 'error', dir: '', maxBytes: 1, maxFiles: 1 });
logger.silent = true;

/** Accepts the token "admin" (role admin) and "user" (role user). */
const verifier: AccessTokenVerifier = {
  verify: (token) =>
    token === 'admin' || token === 'user'
      ? Promise.resolve({ userId: `id-${token}`, role: token })
      : Promise.reject(new AppError('AUTH.UNAUTHENTICATED', 'bad token')),
};

interface ErrorBody {
  error: { code: string; details?: { fields?: { field: string }[] } };
}

describe('RouteTable', () => {
  let server: RunningHttpServer;
  let base: string;
  const templates: (string | undefined)[] = [];

  before(async () => {
    const ok = { 200: { description: 'ok' } };
    const table = new RouteTable({ tag: 'T', verifier })
      .post(
        '/items/:id',
        {
          summary: 'parse all three',
          params: z.object({ id: z.uuid() }),
          query: z.object({ dry: z.enum(['yes', 'no']).default('no') }),
          body: z.object({ name: z.string().min(1) }),
          responses: ok,
        },
        ({ params, query, body }, _req, res) => {
          res.json({ id: params.id, dry: query.dry, name: body.name });
        },
      )
      .get('/public', { summary: 'no token', auth: false, responses: ok }, (_input, _req, res) => {
        res.json({ ok: true });
      })
      .get('/admin', { summary: 'admins', role: 'admin', responses: ok }, (_input, _req, res) => {
        res.json({ ok: true });
      });
    const app = express();
    app.use(express.json());
    app.use((_req, res, next) => {
      res.on('finish', () => templates.push(routeTemplateOf(res)));
      next();
    });
    app.use('/v1/things', table.router);
    app.use(errorMapper(logger));
    server = await listen(app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}/v1/things`;
  });
  after(() => server.stop(100));

  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('content-type', 'application/json');
    const res = await fetch(`${base}${path}`, { ...init, headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & ErrorBody };
  };
  const id = '0b8a4c52-4a8e-4c1e-9a57-6f7a2c1d9e10';

  it('hands the handler what the schemas parsed, defaults included', async () => {
    const res = await call(`/items/${id}`, { method: 'POST', token: 'user', body: JSON.stringify({ name: 'n' }) });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id, dry: 'no', name: 'n' });
  });

  it('checks the token before the input, and params before query before body', async () => {
    const noToken = await call('/items/x?dry=maybe', { method: 'POST', body: '{}' });
    assert.equal(noToken.status, 401);
    const fieldsOf = (body: ErrorBody) => body.error.details?.fields?.map((f) => f.field);
    const badParams = await call('/items/x?dry=maybe', { method: 'POST', token: 'user', body: '{}' });
    assert.equal(badParams.status, 422);
    assert.deepEqual(fieldsOf(badParams.body), ['id']);
    const badQuery = await call(`/items/${id}?dry=maybe`, { method: 'POST', token: 'user', body: '{}' });
    assert.deepEqual(fieldsOf(badQuery.body), ['dry']);
    const badBody = await call(`/items/${id}`, { method: 'POST', token: 'user', body: '{}' });
    assert.deepEqual(fieldsOf(badBody.body), ['name']);
  });

  it('lets a route opt out of the token, and enforces a role', async () => {
    assert.equal((await call('/public')).status, 200);
    assert.equal((await call('/admin')).status, 401);
    const user = await call('/admin', { token: 'user' });
    assert.equal(user.status, 403);
    assert.equal(user.body.error.code, 'AUTH.FORBIDDEN');
    assert.equal((await call('/admin', { token: 'admin' })).status, 200);
  });

  it('labels each request with its route template, never the raw URL', async () => {
    templates.length = 0;
    await call(`/items/${id}`, { method: 'POST', token: 'user', body: JSON.stringify({ name: 'n' }) });
    await call('/items/not-an-id', { method: 'POST', token: 'user', body: '{}' });
    await call('/public');
    assert.deepEqual(templates, ['/v1/things/items/:id', '/v1/things/items/:id', '/v1/things/public']);
  });

  it('lists its operations with method, path, tag and security', () => {
    const table = new RouteTable({ tag: 'X', verifier }).get('/a', { summary: 'a', responses: {} }, () => undefined);
    const [operation] = table.operations;
    assert.equal(operation?.method, 'get');
    assert.equal(operation?.path, '/a');
    assert.equal(operation?.tag, 'X');
    assert.equal(operation?.authenticated, true);
  });

  it('refuses a declaration the document could not describe', () => {
    const table = new RouteTable({ tag: 'X' });
    const handler = () => undefined;
    assert.throws(
      () => table.get('/:id', { summary: 's', params: z.object({ other: z.string() }), responses: {} }, handler),
      /params schema lacks id/,
    );
    assert.throws(
      () => table.get('/q', { summary: 's', query: z.string() as never, responses: {} }, handler),
      /must be a z.object/,
    );
    assert.throws(() => table.get('/p', { summary: 's', auth: true, responses: {} }, handler), /no verifier/);
  });

  it('joins mount and route paths as Express matches them', () => {
    assert.equal(joinRoutePath('/v1/chats', '/'), '/v1/chats');
    assert.equal(joinRoutePath('/v1/chats', '/:id/messages'), '/v1/chats/:id/messages');
    assert.equal(joinRoutePath('/', '/healthz'), '/healthz');
    assert.equal(joinRoutePath('', '/'), '/');
  });
});

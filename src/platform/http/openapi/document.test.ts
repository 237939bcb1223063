import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { AccessTokenVerifier } from '../authentication';
import { RouteTable } from '../route-table';
import { singleLineText } from '../../validation';
import { buildOpenApiDocument, toJsonSchemaPattern, toOpenApiPath, type OpenApiDocument } from './document';

const verifier: AccessTokenVerifier = {
  verify: () => Promise.reject(new AppError('AUTH.UNAUTHENTICATED', 'no')),
};

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}
const operation = (document: OpenApiDocument, path: string, method: string): Operation =>
  (document.paths as Record<string, Record<string, Operation>>)[path]?.[method] as Operation;

describe('buildOpenApiDocument', () => {
  const noop = () => undefined;
  const item = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'TestItem' });
  const items = new RouteTable({ tag: 'Items', verifier })
    .get(
      '/:id',
      {
        summary: 'one item',
        params: z.object({ id: z.uuid() }),
        query: z.object({ fields: z.string().optional(), name: singleLineText().optional() }),
        responses: { 200: { description: 'the item', schema: item } },
        errors: ['ITEM.NOT_FOUND'],
      },
      noop,
    )
    .post(
      '/',
      {
        summary: 'make one',
        body: z.object({ name: z.string().min(1) }),
        responses: { 201: { description: 'made', schema: item } },
        errors: ['ITEM.ALREADY_EXISTS'],
      },
      noop,
    );
  const open = new RouteTable({ tag: 'Ops' }).get(
    '/ping',
    { summary: 'ping', responses: { 204: { description: 'pong' } } },
    noop,
  );
  const document = buildOpenApiDocument(
    [
      { path: '/v1/items', routes: items },
      { path: '/', routes: open },
    ],
    { title: 'test', version: '1' },
  );

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(document.openapi, '3.1.0');
  });

  it('describes params, query and body from the route’s zod schemas', () => {
    const get = operation(document, '/v1/items/{id}', 'get');
    assert.deepEqual(
      get.parameters?.map((p) => [p.in, p.name, p.required]),
      [
        ['path', 'id', true],
        ['query', 'fields', false],
        ['query', 'name', false],
      ],
    );
    const post = operation(document, '/v1/items', 'post');
    assert.ok(post.requestBody?.content['application/json']?.schema);
    assert.equal(post.responses['201']?.content?.['application/json']?.schema.$ref, '#/components/schemas/TestItem');
  });

  it('puts the bearer scheme on authenticated routes only', () => {
    assert.deepEqual(operation(document, '/v1/items/{id}', 'get').security, [{ bearerAuth: [] }]);
    assert.deepEqual(operation(document, '/ping', 'get').security, []);
    const schemes = document.components?.securitySchemes as Record<string, { scheme: string }>;
    assert.equal(schemes['bearerAuth']?.scheme, 'bearer');
  });

  it('lists every error answer with the Error envelope under its mapped status', () => {
    const get = operation(document, '/v1/items/{id}', 'get');
    assert.deepEqual(Object.keys(get.responses).sort(), ['200', '400', '401', '404', '422', '500']);
    assert.match(get.responses['404']?.description ?? '', /ITEM.NOT_FOUND/);
    assert.equal(get.responses['401']?.content?.['application/json']?.schema.$ref, '#/components/schemas/Error');
    const post = operation(document, '/v1/items', 'post');
    assert.deepEqual(Object.keys(post.responses).sort(), ['201', '400', '401', '409', '413', '415', '422', '500']);
    assert.deepEqual(Object.keys(operation(document, '/ping', 'get').responses).sort(), ['204', '500']);
    const envelope = (document.components?.schemas as Record<string, { properties: Record<string, unknown> }>)['Error'];
    assert.deepEqual(Object.keys(envelope?.properties ?? {}), ['error']);
  });

  it('writes patterns as JSON Schema reads them: no trailing flags, NUL refused on free request strings', () => {
    const [, fields, name] = (operation(document, '/v1/items/{id}', 'get').parameters ?? []) as unknown as {
      schema: { pattern: string };
    }[];
    assert.equal(fields?.schema.pattern, '^[^\\u0000]*$');
    assert.equal(name?.schema.pattern, '^[^\\u0000-\\u001F\\u007F-\\u009F]*$');
    const pattern = new RegExp(name?.schema.pattern ?? '');
    assert.ok(pattern.test('Zoë 😀') && !pattern.test('a\u0000b') && !pattern.test('a\nb'));
    assert.equal(new RegExp(fields?.schema.pattern ?? '').test('a\u0000'), false);
    const body = operation(document, '/v1/items', 'post').requestBody?.content['application/json']?.schema as {
      properties: { name: { pattern: string } };
    };
    assert.equal(body.properties.name.pattern, '^[^\\u0000]*$');
    assert.equal(JSON.stringify(document).includes('$/u'), false);
  });

  it('drops a harmless u flag and refuses a pattern that needs one', () => {
    assert.equal(toJsonSchemaPattern('^[^\\s/]+$/u'), '^[^\\s/]+$');
    assert.equal(toJsonSchemaPattern('^[a-z]+$'), '^[a-z]+$');
    assert.equal(toJsonSchemaPattern('^a\\/u$'), '^a\\/u$');
    assert.throws(() => toJsonSchemaPattern('^[^\\p{Cc}]*$/u'), /needs regex flags/);
    assert.throws(() => toJsonSchemaPattern('^abc$/i'), /needs regex flags/);
  });

  it('turns Express paths into OpenAPI templates', () => {
    assert.equal(toOpenApiPath('/v1/chats/:id/messages/:messageId'), '/v1/chats/{id}/messages/{messageId}');
  });
});

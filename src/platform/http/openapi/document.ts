import {
  OpenApiGeneratorV31,
  OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import type { HttpRoute } from '../contributions';
import { statusOf } from '../error-mapper';
import { joinRoutePath, type HttpOperation } from '../route-table';
import { errorEnvelopeSchema } from './error-envelope';

/** The document's title, version and description. */
export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** The OpenAPI 3.1 document as generated. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const BEARER = 'bearerAuth';

/**
 * Builds the OpenAPI 3.1 document from the routes' declarations (the same zod schemas that validate
 * requests): every operation with its parameters, body, responses, error answers and security.
 */
export function buildOpenApiDocument(routes: readonly HttpRoute[], info: ApiInfo): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The accessToken from POST /v1/auth/register, /login or /refresh.',
  });
  const tags = new Set<string>();
  for (const route of routes) {
    for (const operation of route.routes.operations) {
      tags.add(operation.tag);
      registry.registerPath(toRouteConfig(joinRoutePath(route.path, operation.path), operation));
    }
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    tags: [...tags].map((name) => ({ name })),
  });
  walkSchemas(document, (schema) => {
    if (typeof schema['pattern'] === 'string') schema['pattern'] = toJsonSchemaPattern(schema['pattern']);
  });
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      for (const parameter of operation.parameters ?? [])
        if ('schema' in parameter) walkSchemas(parameter.schema, noNul);
      const body = operation.requestBody;
      if (body && 'content' in body) walkSchemas(body.content, noNul);
    }
  }
  return document;
}

/** The NUL rule of every request (RouteTable's refuseNul), as JSON Schema says it. */
const NO_NUL = '^[^\\u0000]*$';

/** A request string without its own pattern, format or enum accepts anything but NUL: say so. */
function noNul(schema: Record<string, unknown>): void {
  const free = !('pattern' in schema || 'format' in schema || 'enum' in schema || 'const' in schema);
  if (schema['type'] === 'string' && free) schema['pattern'] = NO_NUL;
}

/** Calls `visit` on every object in the tree (schemas, and whatever holds them). */
function walkSchemas(node: unknown, visit: (schema: Record<string, unknown>) => void, depth = 0): void {
  if (depth > 64 || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) walkSchemas(item, visit, depth + 1);
    return;
  }
  const schema = node as Record<string, unknown>;
  visit(schema);
  for (const [key, value] of Object.entries(schema))
    if (key !== 'example' && key !== 'default') walkSchemas(value, visit, depth + 1);
}

/**
 * A pattern as JSON Schema reads it. zod-to-openapi writes a regex's toString without its slashes,
 * which leaves flags behind (`^[^\\p{Cc}]*$/u`, matching nothing). JSON Schema patterns are
 * ECMA-262 regexes without flags: drop a `u` flag when the source means the same without it, and
 * refuse (at startup, in tests) any pattern that needs a flag, so the document never lies.
 */
export function toJsonSchemaPattern(pattern: string): string {
  const flagged = /^(.*[^\\])\/([dgimsuvy]+)$/s.exec(pattern);
  if (!flagged) return pattern;
  const [, source = '', flags = ''] = flagged;
  const harmless = /^[dguy]+$/.test(flags);
  if (!harmless || /\\[pPu]\{|\\[pP]/.test(source)) {
    throw new Error(`pattern ${pattern} needs regex flags JSON Schema cannot carry; write it without flags`);
  }
  return source;
}

/** /v1/chats/:id/messages -> /v1/chats/{id}/messages */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function toRouteConfig(fullPath: string, operation: HttpOperation): RouteConfig {
  const { method, params, query, body } = operation;
  return {
    method,
    path: toOpenApiPath(fullPath),
    operationId: operationIdOf(method, fullPath),
    summary: operation.summary,
    ...(operation.description || operation.role
      ? {
          description: [operation.description, operation.role && `Needs the ${operation.role} role.`]
            .filter(Boolean)
            .join('\n\n'),
        }
      : {}),
    tags: [operation.tag],
    security: operation.authenticated ? [{ [BEARER]: [] }] : [],
    request: {
      // RouteTable accepts only z.object schemas here (checked when a route is declared).
      ...(params ? { params: params as NonNullable<NonNullable<RouteConfig['request']>['params']> } : {}),
      ...(query ? { query: query as NonNullable<NonNullable<RouteConfig['request']>['query']> } : {}),
      ...(body ? { body: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    },
    responses: responsesOf(operation),
  };
}

function responsesOf(operation: HttpOperation): Record<string, ResponseConfig> {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, answer] of Object.entries(operation.responses)) {
    responses[status] = {
      description: answer.description,
      ...(answer.schema ? { content: { [answer.contentType ?? 'application/json']: { schema: answer.schema } } } : {}),
    };
  }
  for (const [status, codes] of errorCodesByStatus(operation)) {
    responses[String(status)] ??= {
      description: `Error: ${codes.join(', ')}`,
      content: { 'application/json': { schema: errorEnvelopeSchema } },
    };
  }
  return responses;
}

/** The error codes an operation may answer, grouped by the status the error mapper gives each. */
export function errorCodesByStatus(operation: HttpOperation): Map<number, string[]> {
  const codes: string[] = [];
  if (operation.authenticated) codes.push('AUTH.UNAUTHENTICATED');
  if (operation.role !== undefined) codes.push('AUTH.FORBIDDEN');
  if (operation.params || operation.query || operation.body) codes.push('VALIDATION.FAILED');
  if (operation.params) codes.push('REQUEST.MALFORMED_URI');
  if (operation.body) {
    codes.push(
      'REQUEST.MALFORMED_JSON',
      'REQUEST.MALFORMED_BODY',
      'REQUEST.TOO_LARGE',
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    );
  }
  codes.push(...(operation.errors ?? []));
  const byStatus = new Map<number, string[]>();
  for (const code of new Set(codes)) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  byStatus.set(500, ['INTERNAL']);
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function operationIdOf(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

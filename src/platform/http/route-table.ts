import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, type FieldProblem } from '../errors';
import { requireAuth, requireRole, type AccessTokenVerifier } from './authentication';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Params and query schemas: a z.object (refinements allowed), so each field becomes a parameter. */
export type FieldsSchema = z.ZodType<object>;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One answer of a route: what it means and, unless it has no body, its schema. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Defaults to application/json. */
  readonly contentType?: string;
}

/** What a route declares besides its method and path; the handler gets what the schemas parsed. */
export interface RouteSpec<P, Q, B> {
  /** One line for the docs (what the route does). */
  readonly summary: string;
  readonly description?: string;
  /** Path parameters (`:id` in the path); every one must be in the schema. */
  readonly params?: P;
  readonly query?: Q;
  /** The JSON body. */
  readonly body?: B;
  /** Answers by status: the successes, plus any error status with a body of its own. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * Error codes the route may answer besides the generic ones (AUTH.UNAUTHENTICATED when it needs
   * a token, VALIDATION.FAILED when it has schemas, REQUEST.* when it has a body, INTERNAL); the
   * document lists each under the status the error mapper gives it.
   */
  readonly errors?: readonly string[];
  /** Overrides the table's default (a token is required when the table has a verifier). */
  readonly auth?: boolean;
  /** Overrides the table's role: the caller's token must carry it (else 403 AUTH.FORBIDDEN). */
  readonly role?: string;
}

/** What the handler receives: the parsed params, query and body (undefined where none is declared). */
export interface RouteInput<P, Q, B> {
  readonly params: Parsed<P>;
  readonly query: Parsed<Q>;
  readonly body: Parsed<B>;
}

export type RouteHandler<P, Q, B> = (input: RouteInput<P, Q, B>, req: Request, res: Response) => Promise<void> | void;

/** One declared route, as the OpenAPI document and the route listing read it. */
export interface HttpOperation extends RouteSpec<FieldsSchema, FieldsSchema, z.ZodType> {
  readonly method: HttpMethod;
  /** Express syntax, relative to where the table is mounted (e.g. /:id/messages). */
  readonly path: string;
  readonly tag: string;
  readonly authenticated: boolean;
  /** The role the caller's token must carry, if any. */
  readonly role?: string;
}

/** Declares one route of a method (a GET has no body); returns the table, so declarations chain. */
export type DeclareRoute<M extends HttpMethod = HttpMethod> = <
  P extends FieldsSchema | undefined = undefined,
  Q extends FieldsSchema | undefined = undefined,
  B extends (M extends 'get' ? undefined : z.ZodType | undefined) = undefined,
>(
  path: string,
  spec: RouteSpec<P, Q, B>,
  handler: RouteHandler<P, Q, B>,
) => RouteTable;

export interface RouteTableOptions {
  /** Groups the table's operations in the document, e.g. Chats. */
  readonly tag: string;
  /** With a verifier, every route requires a bearer access token unless it says `auth: false`. */
  readonly verifier?: AccessTokenVerifier;
  /** Every route also requires this role (e.g. admin) unless it names another. */
  readonly role?: string;
}

const TEMPLATE = 'routeTemplate';

/** Middleware: records `template` (e.g. /docs/*) as the route of requests it sees, for metrics and logs. */
export function labelRoute(template: string): RequestHandler {
  return (_req, res, next) => {
    res.locals[TEMPLATE] = template;
    next();
  };
}

/** The template of the route that handled this request (e.g. /v1/chats/:id), if one did. */
export function routeTemplateOf(res: Response): string | undefined {
  const template: unknown = res.locals[TEMPLATE];
  return typeof template === 'string' ? template : undefined;
}

/** Joins a mount path and a route path the way Express matches them: /v1/chats + / = /v1/chats. */
export function joinRoutePath(mount: string, path: string): string {
  const joined = `${mount.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`.replace(/\/+$/, '');
  return joined === '' ? '/' : joined;
}

/**
 * A feature's routes, each declared once: method, path, summary, zod schemas for params, query and
 * body, and its responses. The same declaration validates the request (params, then query, then
 * body; the first failure is a 422 naming the field), authenticates it, labels it for metrics, and
 * feeds the OpenAPI document (docs/openapi.md).
 */
export class RouteTable {
  /** The Express router that serves the declared routes; mount it, do not add routes to it directly. */
  readonly router = Router();
  private readonly declared: HttpOperation[] = [];

  constructor(private readonly options: RouteTableOptions) {}

  /** Every declared route, in declaration (and matching) order. */
  get operations(): readonly HttpOperation[] {
    return this.declared;
  }

  /** Declare a route of that method (see RouteSpec); each returns the table, so declarations chain. */
  readonly get: DeclareRoute<'get'> = (path, spec, handler) => this.add('get', path, spec, handler);
  readonly post: DeclareRoute = (path, spec, handler) => this.add('post', path, spec, handler);
  readonly put: DeclareRoute = (path, spec, handler) => this.add('put', path, spec, handler);
  readonly patch: DeclareRoute = (path, spec, handler) => this.add('patch', path, spec, handler);
  readonly delete: DeclareRoute = (path, spec, handler) => this.add('delete', path, spec, handler);

  private add<P extends FieldsSchema | undefined, Q extends FieldsSchema | undefined, B extends z.ZodType | undefined>(
    method: HttpMethod,
    path: string,
    spec: RouteSpec<P, Q, B>,
    handler: RouteHandler<P, Q, B>,
  ): this {
    const where = `${method.toUpperCase()} ${path}`;
    checkFields(where, 'params', spec.params, pathParams(path));
    checkFields(where, 'query', spec.query);
    const { verifier, tag } = this.options;
    const role = spec.role ?? this.options.role;
    const authenticated = spec.auth ?? (verifier !== undefined || role !== undefined);
    this.declared.push({ ...spec, method, path, tag, authenticated, ...(role !== undefined ? { role } : {}) });

    const chain: RequestHandler[] = [
      (req, res, next) => {
        res.locals[TEMPLATE] = joinRoutePath(req.baseUrl, path);
        next();
      },
    ];
    if (authenticated) {
      if (!verifier) throw new Error(`${where} requires a token, but its RouteTable has no verifier`);
      chain.push(requireAuth(verifier));
      if (role !== undefined) chain.push(requireRole(role));
    } else if (role !== undefined) {
      throw new Error(`${where} requires the ${role} role, so it cannot be public`);
    }
    chain.push(async (req, res) => {
      refuseNul(req.params, req.query, req.body);
      const input = {
        params: spec.params?.parse(req.params),
        query: spec.query?.parse(req.query),
        body: spec.body?.parse(req.body),
      } as RouteInput<P, Q, B>;
      await handler(input, req, res);
    });
    this.router[method](path, ...chain);
    return this;
  }
}

/** Where a NUL character sits in a parsed request part: dotted field paths (as zod names them). */
function nulFields(value: unknown, path: readonly (string | number)[], found: FieldProblem[], depth = 0): void {
  if (found.length >= 10 || depth > 32) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      found.push({ field: path.join('.') || '(body)', reason: 'must not contain NUL (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulFields(item, [...path, index], found, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) nulFields(item, [...path, key], found, depth + 1);
  }
}

/**
 * Refuses any string holding U+0000 in the path, query or JSON body with a 422 naming the field,
 * for every route, before its schemas run: PostgreSQL cannot store NUL, so such text must never
 * reach a use case (issue 13; docs/decisions/0027). The shared text schemas (platform/validation)
 * say the same per field, and the document carries it as a pattern.
 */
export function refuseNul(...parts: unknown[]): void {
  const found: FieldProblem[] = [];
  for (const part of parts) nulFields(part, [], found);
  if (found.length > 0) throw new AppError('VALIDATION.FAILED', 'the request is invalid', { fields: found });
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
}

/** Params and query must be z.object schemas (so the document can list each field), params naming every `:param`. */
function checkFields(where: string, part: string, schema: FieldsSchema | undefined, required: string[] = []): void {
  if (schema !== undefined && !(schema instanceof z.ZodObject)) {
    throw new Error(`${where}: ${part} must be a z.object schema`);
  }
  const declared = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const missing = required.filter((name) => !declared.includes(name));
  if (missing.length > 0) throw new Error(`${where}: params schema lacks ${missing.join(', ')}`);
}

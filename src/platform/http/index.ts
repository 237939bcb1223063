export { createHttpApp, type HttpAppOptions } from './app';
export {
  ACCESS_TOKEN_VERIFIER,
  bearerToken,
  forbidden,
  principalOf,
  requireAuth,
  requireRole,
  unauthenticated,
  type AccessTokenVerifier,
  type Principal,
  type TokenSession,
} from './authentication';
export { HTTP_ROUTE, type HttpRoute } from './contributions';
export { CURSOR_PATTERN, cursorText, encodeOpaqueCursor, opaqueCursor, timeAndIdCursor } from './cursor';
export { DEFAULT_RETRY_AFTER_SECONDS, describeError, errorMapper, statusOf, toAppError } from './error-mapper';
export { buildOpenApiDocument, toOpenApiPath, type ApiInfo, type OpenApiDocument } from './openapi/document';
export { errorEnvelopeSchema } from './openapi/error-envelope';
export { cursorPage, timestampSchema } from './openapi/response-schemas';
export {
  joinRoutePath,
  labelRoute,
  RouteTable,
  routeTemplateOf,
  type DeclareRoute,
  type HttpMethod,
  type HttpOperation,
  type ResponseSpec,
  type RouteHandler,
  type RouteInput,
  type RouteSpec,
  type RouteTableOptions,
} from './route-table';
export { applyHttpSecurity, type HttpSecurityOptions } from './security';
export { listen, type RunningHttpServer } from './server';
export { hasWebClient, RESERVED_PATH_PREFIXES, webClient } from './web-client';

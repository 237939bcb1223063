export { createHttpApp, type HttpAppOptions } from './app';
export { HTTP_ROUTE, type HttpRoute } from './contributions';
export { errorMapper, statusOf, toAppError } from './error-mapper';
export { listen, type RunningHttpServer } from './server';
export {
  ACCESS_TOKEN_VERIFIER,
  bearerToken,
  principalOf,
  requireAuth,
  unauthenticated,
  type AccessTokenVerifier,
  type Principal,
} from './authentication';

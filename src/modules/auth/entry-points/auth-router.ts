import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { currentLogContext } from '../../../platform/logger';
import { EndSessions } from '../application/end-sessions';
import { Login } from '../application/login';
import { Logout } from '../application/logout';
import { RefreshSession } from '../application/refresh-session';
import { Register } from '../application/register';
import { loginBody, refreshBody, registerBody, sessionJson, tokenPairJson } from './http-schemas';

/** POST /v1/auth/register | login | refresh | logout (public), logout-all (with a token). */
@injectable()
export class AuthRouter implements HttpRoute {
  readonly path = '/v1/auth';
  readonly routes: RouteTable;

  constructor(
    @inject(Register) register: Register,
    @inject(Login) login: Login,
    @inject(RefreshSession) refresh: RefreshSession,
    @inject(Logout) logout: Logout,
    @inject(EndSessions) endSessions: EndSessions,
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
  ) {
    this.routes = new RouteTable({ tag: 'Auth', verifier })
      .post(
        '/register',
        {
          auth: false,
          summary: 'Create an account and start a session',
          body: registerBody,
          responses: { 201: { description: 'The account and its tokens.', schema: sessionJson } },
          errors: ['USER.ALREADY_EXISTS', 'AUTH.RATE_LIMITED'],
        },
        async ({ body }, req, res) => {
          const result = await register.execute(body, clientIp(req.ip), {
            actorId: null,
            traceId: currentLogContext().requestId ?? null,
          });
          res.status(201).json(result);
        },
      )
      .post(
        '/login',
        {
          auth: false,
          summary: 'Start a session with a username or email and a password',
          body: loginBody,
          responses: { 200: { description: 'The account and its tokens.', schema: sessionJson } },
          errors: ['AUTH.INVALID_CREDENTIALS', 'AUTH.RATE_LIMITED'],
        },
        async ({ body }, req, res) => {
          res.json(await login.execute(body.username ?? body.email ?? '', body.password, clientIp(req.ip)));
        },
      )
      .post(
        '/refresh',
        {
          auth: false,
          summary: 'Trade a refresh token for a new pair (the old one is spent)',
          description: 'A refresh token used twice revokes its whole session.',
          body: refreshBody,
          responses: { 200: { description: 'The new tokens.', schema: tokenPairJson } },
          errors: ['AUTH.UNAUTHENTICATED'],
        },
        async ({ body }, _req, res) => {
          res.json(await refresh.execute(body.refreshToken));
        },
      )
      .post(
        '/logout',
        {
          auth: false,
          summary: 'End the session of a refresh token (idempotent)',
          body: refreshBody,
          responses: { 204: { description: 'Ended (or already gone).' } },
        },
        async ({ body }, _req, res) => {
          await logout.execute(body.refreshToken);
          res.status(204).end();
        },
      )
      .post(
        '/logout-all',
        {
          summary: 'End every session of the caller (all devices), this one included',
          description:
            'Refresh and access tokens of every session stop working at once and their WebSocket connections close (4004). Logging in again works at once.',
          responses: { 204: { description: 'Ended.' } },
        },
        async (_input, _req, res) => {
          const principal = principalOf(res);
          await endSessions.everywhere(principal.userId, principal.session?.id);
          res.status(204).end();
        },
      );
  }
}

const clientIp = (ip: string | undefined): string => ip ?? 'unknown';

import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { HttpRoute } from '../../../platform/http';
import { currentLogContext } from '../../../platform/logger';
import { displayNameSchema, emailSchema, passwordSchema, usernameSchema } from '../../users';
import { Login } from '../application/login';
import { Logout } from '../application/logout';
import { RefreshSession } from '../application/refresh-session';
import { Register } from '../application/register';

const registerBody = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
});
const loginBody = z
  .object({
    username: z.string().min(1).max(254).optional(),
    email: z.string().min(1).max(254).optional(),
    password: z.string().min(1).max(256),
  })
  .refine((body) => (body.username === undefined) !== (body.email === undefined), {
    message: 'give exactly one of username or email',
    path: ['username'],
  });
const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) });

/** POST /v1/auth/register | login | refresh | logout (public). */
@injectable()
export class AuthRouter implements HttpRoute {
  readonly path = '/v1/auth';
  readonly router = Router();

  constructor(
    @inject(Register) register: Register,
    @inject(Login) login: Login,
    @inject(RefreshSession) refresh: RefreshSession,
    @inject(Logout) logout: Logout,
  ) {
    this.router.post('/register', async (req, res) => {
      const body = registerBody.parse(req.body);
      const result = await register.execute(body, clientIp(req.ip), {
        actorId: null,
        traceId: currentLogContext().requestId ?? null,
      });
      res.status(201).json(result);
    });
    this.router.post('/login', async (req, res) => {
      const body = loginBody.parse(req.body);
      res.json(await login.execute(body.username ?? body.email ?? '', body.password, clientIp(req.ip)));
    });
    this.router.post('/refresh', async (req, res) => {
      res.json(await refresh.execute(refreshBody.parse(req.body).refreshToken));
    });
    this.router.post('/logout', async (req, res) => {
      await logout.execute(refreshBody.parse(req.body).refreshToken);
      res.status(204).end();
    });
  }
}

const clientIp = (ip: string | undefined): string => ip ?? 'unknown';

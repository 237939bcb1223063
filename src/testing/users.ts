import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';

/** A unique, valid username for this run. */
export const uniqueName = (prefix = 'u'): string => `${prefix}_${randomBytes(5).toString('hex')}`;

export interface RegisteredUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Registers a fresh user through the API and returns its credentials and tokens. */
export async function registerUser(app: TestApp, overrides: { displayName?: string } = {}): Promise<RegisteredUser> {
  const username = uniqueName();
  const email = `${username}@example.test`;
  const password = 'correct horse battery';
  const res = await app.request<{ user: { id: string }; accessToken: string; refreshToken: string }>(
    'POST',
    '/v1/auth/register',
    { body: { username, email, password, ...overrides } },
  );
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    username,
    email,
    password,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

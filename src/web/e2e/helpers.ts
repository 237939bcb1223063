import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, type BrowserContext, type Page, type WebSocketRoute } from '@playwright/test';

/** The test server's address (scripts/web/global-setup.ts). */
export function base(): string {
  const value = process.env['POLYCHAT_WEB_BASE'];
  if (!value) throw new Error('POLYCHAT_WEB_BASE is not set: run the browser tests with scripts/web/test.sh');
  return value;
}

/** The admin account the test server made. */
export function adminAccount(): { username: string; password: string } {
  return JSON.parse(process.env['POLYCHAT_WEB_ADMIN'] ?? '{}') as { username: string; password: string };
}

export const PASSWORD = 'correct horse battery';

/** A fresh username for this run. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/**
 * Saves a screenshot of the page: into docs/screenshots (committed, linked from the README) when
 * POLYCHAT_WEB_SCREENSHOTS=1, else beside the run's other output, so `npm test` leaves the
 * working tree as it was.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env['POLYCHAT_WEB_SCREENSHOTS'] === '1' ? 'docs/screenshots' : '.stack/playwright/screenshots';
  await page.screenshot({ path: path.resolve(__dirname, '../../..', folder, `${name}.png`) });
}

/** Registers through the client's form and waits for the shell. */
export async function register(page: Page, username: string, displayName: string): Promise<void> {
  await page.goto(base());
  await page.getByRole('tab', { name: 'Create account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Display name (optional)').fill(displayName);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).last().click();
  await expect(page.getByTestId('connection')).toHaveText('Online');
}

/** Signs in through the client's form. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(base());
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  await expect(page.getByTestId('connection')).toHaveText('Online');
}

/**
 * A switch for a browser context's network: `setOffline` fails its requests but leaves open
 * WebSockets alone (microsoft/playwright#4910), so the context's sockets go through a route that
 * drops them (the server sees the disconnect) and refuses new ones while offline.
 */
export async function networkSwitch(
  context: BrowserContext,
): Promise<{ offline(): Promise<void>; online(): Promise<void> }> {
  let down = false;
  const open = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/v1\/ws$/, (socket) => {
    if (down) {
      void socket.close({ code: 1001, reason: 'network down' });
      return;
    }
    const server = socket.connectToServer();
    open.add(socket);
    socket.onClose(() => {
      open.delete(socket);
      void server.close();
    });
    server.onClose(() => {
      open.delete(socket);
      void socket.close();
    });
  });
  return {
    async offline() {
      down = true;
      await context.setOffline(true);
      for (const socket of [...open]) await socket.close({ code: 1001, reason: 'network down' });
    },
    async online() {
      down = false;
      await context.setOffline(false);
    },
  };
}

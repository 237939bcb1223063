import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * Starts scripts/web/test-server.ts (polychat on stores of its own, serving dist/web), hands its
 * address and admin account to the tests through the environment, and returns the teardown that
 * stops it (which drops its stores).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/web/test-server.ts'], {
    cwd: repoRoot,
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    void exited.then((code) => reject(new Error(`the test server exited (${code}) before it was ready`)));
    setTimeout(() => reject(new Error('the test server was not ready within 180 s')), 180_000).unref();
  });
  const ready = JSON.parse(first) as { base: string; admin: { username: string; password: string } };
  process.env['POLYCHAT_WEB_BASE'] = ready.base;
  process.env['POLYCHAT_WEB_ADMIN'] = JSON.stringify(ready.admin);
  return async () => {
    child.kill('SIGTERM');
    await exited;
  };
}

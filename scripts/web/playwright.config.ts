import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * The browser tests (src/web/e2e): Debian's chromium, never a downloaded browser
 * (docs/decisions/0050). global-setup starts polychat against test stores of its own.
 */
export default defineConfig({
  testDir: path.resolve(__dirname, '../../src/web/e2e'),
  outputDir: path.resolve(__dirname, '../../.stack/playwright'),
  globalSetup: path.resolve(__dirname, 'global-setup.ts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], [path.resolve(__dirname, 'summary-reporter.ts')]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--disable-dev-shm-usage'] },
    viewport: { width: 1200, height: 760 },
    trace: 'retain-on-failure',
    colorScheme: 'light',
  },
});

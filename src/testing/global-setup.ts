import { ensureDatabase } from '../platform/postgres';
import { testConfig } from './config';

/** Root hooks: make sure the test database exists before any suite runs. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await ensureDatabase(testConfig().PG_URL);
  },
};

import assert from 'node:assert/strict';
import { closeLogger, createLogger } from './logger';

describe('createLogger', () => {
  it('drops a line logged after close instead of crashing the process', async () => {
    const logger = createLogger({ level: 'info', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
    await closeLogger(logger);
    let uncaught: unknown;
    const onUncaught = (error: unknown): void => {
      uncaught = error;
    };
    process.prependOnceListener('uncaughtException', onUncaught);
    try {
      assert.doesNotThrow(() => logger.warn('late line from a closing client'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(uncaught, undefined);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });
});

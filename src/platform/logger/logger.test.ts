import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import winston from 'winston';
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

  it('writes Error fields with their message, code and cause instead of {}', async () => {
    const logger = createLogger({ level: 'info', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
    const lines: string[] = [];
    logger.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        }),
      }),
    );
    logger.silent = false; // created without transports, so silent until now
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    logger.error('unhandled error', { error: new Error('Reached the max retries per request limit', { cause }) });
    await closeLogger(logger);
    const line = JSON.parse(lines[0] ?? '{}') as { error: { message: string; cause: { code: string } } };
    assert.equal(line.error.message, 'Reached the max retries per request limit');
    assert.equal(line.error.cause.code, 'ECONNREFUSED');
  });
});

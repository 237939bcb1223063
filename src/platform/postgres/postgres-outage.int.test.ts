import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type pg from 'pg';
import winston from 'winston';
import { testFaultStack } from '../../../scripts/chaos/fault-stack';
import { eventually } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { toStoreError } from '../health';
import { createLogger } from '../logger';
import { connectPostgres } from './postgres';
import { withTransaction } from './transaction';

/**
 * Kills the PostgreSQL of a private stack while a transaction holds a pooled client and awaits
 * something else: the process must not crash on the client's 'error' (found by npm run chaos), and
 * the transaction's next query fails as STORE.UNAVAILABLE naming postgres.
 */
describe('PostgreSQL pool during an outage (integration, private stack)', function () {
  this.timeout(120_000);
  const stack = testFaultStack();
  let pool: pg.Pool;
  let close: () => Promise<void>;
  const logged: string[] = [];

  before(async () => {
    await stack.up(['postgres']);
    const logger = createLogger({ level: 'warn', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
    logger.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(chunk: Buffer, _encoding, done) {
            logged.push(chunk.toString('utf8'));
            done();
          },
        }),
      }),
    );
    logger.silent = false;
    const url = testConfig({ PG_URL: stack.urls('polychat_test_faults').PG_URL }).PG_URL.replace(
      '/polychat_test_faults',
      '/postgres',
    );
    const store = await connectPostgres({ url, poolMax: 2 }, logger);
    pool = store.client;
    close = () => store.close();
  });
  after(async () => {
    await stack.up(['postgres']);
    await close?.().catch(() => undefined);
  });

  it('survives the server dying under a checked-out client and reports the store unavailable', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inTransaction: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (inTransaction = resolve));
    const transaction = withTransaction(pool, async (tx) => {
      await tx.query('SELECT 1');
      inTransaction();
      await held; // the client is checked out and idle: no query is there to receive the error
      await tx.query('SELECT 2');
    });
    const outcome = transaction.then(
      () => undefined,
      (error: unknown) => error,
    );
    await started;
    await stack.kill('postgres');
    // The held client learns of it (an unhandled 'error' would crash the process: mocha fails the test).
    await eventually(
      'the lost connection logged',
      async () => logged.some((line) => line.includes('postgres connection lost')),
      (seen) => seen,
      10_000,
    );
    release();
    const error = await outcome;
    assert.equal(toStoreError(error)?.details?.['store'], 'postgres', String(error));
    await assert.rejects(pool.query('SELECT 1'), (rejected: unknown) => toStoreError(rejected) !== undefined);
    await stack.up(['postgres']);
    const { rows } = await pool.query<{ n: number }>('SELECT 1 AS n');
    assert.equal(rows[0]?.n, 1);
  });
});

import assert from 'node:assert/strict';
import { AppError } from '../errors';
import { storeUnavailable, toStoreError, unavailableStoreOf } from './store-errors';

const named = (name: string, message: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { name }, extra);

describe('toStoreError', () => {
  it('names the store of each driver’s connection failure', () => {
    assert.equal(unavailableStoreOf(named('MongoServerSelectionError', 'connect ECONNREFUSED')), 'mongo');
    assert.equal(unavailableStoreOf(named('MaxRetriesPerRequestError', 'Reached the max retries')), 'redis');
    assert.equal(
      unavailableStoreOf(named('Neo4jError', 'Could not perform discovery', { code: 'ServiceUnavailable' })),
      'neo4j',
    );
    assert.equal(unavailableStoreOf(named('KafkaJSConnectionError', 'Connection error')), 'kafka');
    assert.equal(unavailableStoreOf(new Error('Connection terminated unexpectedly')), 'postgres');
    assert.equal(
      unavailableStoreOf(named('error', 'the database system is shutting down', { code: '57P01' })),
      'postgres',
    );
  });

  it('follows the cause chain and keeps the original as the cause', () => {
    const cause = named('MongoNetworkError', 'socket closed');
    const error = toStoreError(new Error('load chat', { cause }));
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'STORE.UNAVAILABLE');
    assert.deepEqual(error.details, { store: 'mongo', retryAfterSeconds: 2 });
    assert.equal((error.cause as Error).message, 'load chat');
  });

  it('leaves other errors alone: a bug, a constraint violation, another AppError', () => {
    assert.equal(toStoreError(new TypeError('x is undefined')), undefined);
    assert.equal(toStoreError(named('error', 'duplicate key', { code: '23505' })), undefined);
    assert.equal(toStoreError(new AppError('CHAT.NOT_FOUND', 'no such chat')), undefined);
    const down = storeUnavailable('redis');
    assert.equal(toStoreError(down), down);
  });
});

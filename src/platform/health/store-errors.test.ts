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
    // insertMany wraps a lost connection (seen when chaos killed FerretDB under group-committed sends).
    assert.equal(unavailableStoreOf(named('MongoBulkWriteError', 'connect ECONNREFUSED 127.0.0.1:17017')), 'mongo');
    assert.equal(unavailableStoreOf(named('MongoBulkWriteError', 'E11000 duplicate key error')), undefined);
    assert.equal(unavailableStoreOf(new Error('Connection terminated unexpectedly')), 'postgres');
    assert.equal(
      unavailableStoreOf(named('error', 'the database system is shutting down', { code: '57P01' })),
      'postgres',
    );
  });

  it('attributes a bare socket error to the driver in its stack, and only then', () => {
    const ended = Object.assign(new Error('This socket has been ended by the other party'), {
      code: 'EPIPE',
      stack:
        'Error: This socket has been ended by the other party\n    at Socket.writeAfterFIN (node:net:566:14)\n' +
        '    at Connection.writeCommand (/app/node_modules/mongodb/src/cmap/connection.ts:722:23)',
    });
    assert.equal(unavailableStoreOf(ended), 'mongo');
    const webhook = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
      code: 'ECONNREFUSED',
      stack: 'Error: connect ECONNREFUSED 10.0.0.1:443\n    at TCPConnectWrap.afterConnect (node:net:1555:16)',
    });
    assert.equal(unavailableStoreOf(new TypeError('fetch failed', { cause: webhook })), undefined);
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

import { AppError } from '../errors';
import type { StoreName } from './health';

/** The code of every "a store is down" error; platform/http maps `.UNAVAILABLE` to 503. */
export const STORE_UNAVAILABLE = 'STORE.UNAVAILABLE';

/** What a client is told to wait before retrying when a store is down. */
const RETRY_AFTER_SECONDS = 2;

/** The AppError for a store that does not answer: 503, names the store, suggests a retry delay. */
export function storeUnavailable(store: StoreName, cause?: unknown): AppError {
  return new AppError(
    STORE_UNAVAILABLE,
    `${store} is unavailable`,
    { store, retryAfterSeconds: RETRY_AFTER_SECONDS },
    { cause },
  );
}

/**
 * PostgreSQL errors of a server going away or refusing connections: SQLSTATE class 08 (connection
 * exception), 57P01-57P03 (shutdown, crash shutdown, cannot connect now), 53300 (too many
 * connections), and pg's own messages for a dropped or timed-out connection. (A refused connect is a
 * bare socket error naming no driver: platform/postgres's pool translates those itself.)
 */
function isPostgresUnavailable(error: { code?: unknown; message: string }): boolean {
  const code = typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : '';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
    error.message,
  );
}

const MONGO_UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/**
 * Which store a driver error says is down, or undefined when the error is something else (a bug,
 * bad data). Looks at the error and its `cause` chain; recognises pg, the MongoDB driver and
 * mongoose, ioredis, neo4j-driver and kafkajs connection failures.
 */
export function unavailableStoreOf(error: unknown): StoreName | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof AppError) {
      return current.code === STORE_UNAVAILABLE ? (current.details?.['store'] as StoreName) : undefined;
    }
    const store = classify(current);
    if (store) return store;
    current = current.cause;
  }
  return undefined;
}

function classify(error: Error & { code?: unknown }): StoreName | undefined {
  const name = error.name;
  if (MONGO_UNAVAILABLE_NAMES.has(name)) return 'mongo';
  // insertMany/bulkWrite re-throw a lost connection as a MongoBulkWriteError with no write error of
  // its own (the driver copies the network error's message, not its name).
  if (name === 'MongoBulkWriteError' && isConnectionMessage(error.message)) return 'mongo';
  // mongoose with bufferCommands off, while its connection is down.
  if (
    name === 'MongooseError' &&
    /before initial connection is complete|Connection was force closed|Client must be connected/.test(error.message)
  ) {
    return 'mongo';
  }
  if (name === 'MaxRetriesPerRequestError') return 'redis';
  if (/^(Connection is closed\.|Stream isn't writeable)/.test(error.message) && /ioredis/.test(error.stack ?? '')) {
    return 'redis';
  }
  if (name === 'Neo4jError' && (error.code === 'ServiceUnavailable' || error.code === 'SessionExpired')) return 'neo4j';
  if (/^KafkaJS(Connection|NumberOfRetriesExceeded|BrokerNotFound|LeaderNotAvailable)/.test(name)) return 'kafka';
  if (isPostgresUnavailable(error)) return 'postgres';
  if (typeof error.code === 'string' && SOCKET_CODES.has(error.code)) return driverInStack(error.stack ?? '');
  return undefined;
}

function isConnectionMessage(message: string): boolean {
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket has been ended|connection .*closed|Server selection timed out|Topology is closed|not connected/i.test(
    message,
  );
}

/** Socket errno codes: the server went away mid-conversation or cannot be reached. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A bare socket error names no store, but some drivers let one escape unwrapped (the MongoDB
 * driver's "This socket has been ended by the other party", EPIPE, when FerretDB is killed mid-write):
 * the driver's frames in its stack tell which. No driver in the stack: not a store error (a webhook).
 */
function driverInStack(stack: string): StoreName | undefined {
  if (/node_modules\/(mongodb|mongoose)\//.test(stack)) return 'mongo';
  if (/node_modules\/(pg|pg-pool|pg-protocol)\//.test(stack)) return 'postgres';
  if (/node_modules\/ioredis\//.test(stack)) return 'redis';
  if (/node_modules\/neo4j-driver/.test(stack)) return 'neo4j';
  if (/node_modules\/kafkajs\//.test(stack)) return 'kafka';
  return undefined;
}

/**
 * Translates a driver error meaning "the store is down" into the STORE.UNAVAILABLE AppError (cause
 * kept for the log); undefined for any other error. The HTTP error path and the consumer runner use
 * it so that an outage is a 503 and a wait, never a 500 or a dead letter.
 */
export function toStoreError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error.code === STORE_UNAVAILABLE ? error : undefined;
  const store = unavailableStoreOf(error);
  return store ? storeUnavailable(store, error) : undefined;
}

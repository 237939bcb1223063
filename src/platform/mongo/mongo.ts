import mongoose from 'mongoose';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { StoreClient } from '../lifecycle';

/** Container token of the mongoose Connection (one per process, never the global default). */
export const MONGO_CONNECTION = Symbol.for('polychat.MongoConnection');

/**
 * Opens a dedicated mongoose connection. Commands are not buffered while disconnected, so a down
 * server fails requests fast instead of queueing them.
 */
export async function connectMongo(url: string, logger: Logger): Promise<StoreClient<mongoose.Connection>> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 5000,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  });
  connection.on('disconnected', () => logger.info('mongo disconnected'));
  connection.on('reconnected', () => logger.info('mongo reconnected'));
  connection.on('error', (error: Error) => logger.warn('mongo connection error', { error: error.message }));
  await connection.asPromise();
  const health: HealthCheck = {
    name: 'mongo',
    check: async () => {
      const db = connection.db;
      if (!db) throw new Error('not connected');
      await db.admin().ping();
    },
  };
  return { client: connection, health, close: () => connection.close() };
}

import mongoose from 'mongoose';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { StoreClient } from '../lifecycle';

/** Container token of the mongoose Connection (one per process, never the global default). */
export const MONGO_CONNECTION = Symbol.for('polychat.MongoConnection');

/**
 * Opens a dedicated mongoose connection. Commands are not buffered while disconnected and server
 * selection gives up after 1.5 s, so a down server fails requests fast (STORE.UNAVAILABLE through
 * platform/health's toStoreError) instead of queueing them; the monitor looks every 2 s, so the
 * server's return is noticed within seconds.
 */
export async function connectMongo(url: string, logger: Logger): Promise<StoreClient<mongoose.Connection>> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 2000,
    heartbeatFrequencyMS: 2000,
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

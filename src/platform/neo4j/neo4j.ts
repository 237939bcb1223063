import neo4j, { type Driver } from 'neo4j-driver';
import type { HealthCheck } from '../health';
import type { Logger } from '../logger';
import type { StoreClient } from '../lifecycle';

/** Container token of the neo4j Driver. */
export const NEO4J_DRIVER = Symbol.for('polychat.Neo4jDriver');

export interface Neo4jOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

/**
 * Creates the driver and verifies connectivity; with an empty password auth is off (local stack).
 * Connecting, acquiring a connection and retrying a transaction are each bounded to a second or two,
 * so a down server fails requests fast (ServiceUnavailable, STORE.UNAVAILABLE through
 * platform/health's toStoreError).
 */
export async function connectNeo4j(options: Neo4jOptions, logger: Logger): Promise<StoreClient<Driver>> {
  const auth = options.password ? neo4j.auth.basic(options.user, options.password) : undefined;
  const driver = neo4j.driver(options.url, auth, {
    connectionAcquisitionTimeout: 2000,
    connectionTimeout: 1500,
    maxTransactionRetryTime: 1000,
    disableLosslessIntegers: true,
    logging: {
      level: 'warn',
      logger: (level, message) => logger.log(level === 'error' ? 'error' : 'warn', `neo4j: ${message}`),
    },
  });
  await driver.verifyConnectivity();
  const health: HealthCheck = {
    name: 'neo4j',
    check: async () => {
      await driver.executeQuery('RETURN 1');
    },
  };
  return { client: driver, health, close: () => driver.close() };
}

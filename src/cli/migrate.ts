import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import { runner } from 'node-pg-migrate';
import { mongoCollections, mongoIndexes, moveMembersOutOfChats } from '../../migrations/mongo';
import { neo4jSchema } from '../../migrations/neo4j';
import type { Config } from '../config';
import { ALL_TOPICS, dlqTopic, type TopicAdmin } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import { ensureDatabase } from '../platform/postgres';

/** Where the PostgreSQL migrations live (TypeScript under tsx, compiled JS in the image). */
export const PG_MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'migrations', 'pg');

export interface MigrateOptions {
  readonly direction: 'up' | 'down';
  /** How many migrations to apply or revert; all pending ones up, one down, by default. */
  readonly count?: number;
}

/**
 * Creates the database if needed and applies (or reverts) PostgreSQL migrations with
 * node-pg-migrate, under its advisory lock so concurrent runs wait for each other.
 */
export async function migratePostgres(config: Config, logger: Logger, options: MigrateOptions): Promise<string[]> {
  if ((await ensureDatabase(config.PG_URL)) === 'created') logger.info('database created');
  const applied = await runner({
    databaseUrl: config.PG_URL,
    dir: PG_MIGRATIONS_DIR,
    direction: options.direction,
    count: options.count ?? (options.direction === 'up' ? Infinity : 1),
    migrationsTable: 'pgmigrations',
    singleTransaction: true,
    checkOrder: true,
    log: (message) => logger.debug(message),
  });
  return applied.map((migration) => migration.name);
}

/** Applies the idempotent schema of the other stores: Neo4j constraints, Mongo indexes, topics. */
export async function migrateOtherStores(stores: {
  neo4j: Driver;
  mongo: Connection;
  topics: TopicAdmin;
}): Promise<void> {
  for (const statement of neo4jSchema) await stores.neo4j.executeQuery(statement);
  const db = stores.mongo.db;
  if (!db) throw new Error('mongo is not connected');
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of mongoCollections) if (!existing.has(name)) await db.createCollection(name);
  for (const index of mongoIndexes)
    await db.collection(index.collection).createIndex({ ...index.keys }, { ...index.options }, undefined);
  await moveMembersOutOfChats(db);
  await stores.topics.ensureTopics([...ALL_TOPICS, ...ALL_TOPICS.map(dlqTopic)]);
}

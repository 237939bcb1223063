import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../config';
import { TOPIC_ADMIN, type TopicAdmin } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { NEO4J_DRIVER } from '../../platform/neo4j';
import { migrateOtherStores, migratePostgres } from '../migrate';
import { runJob } from '../support';

/**
 * `polychat migrate`: PostgreSQL first (before boot, since boot needs the database to exist), then
 * the schema of the other stores through a container that connects only the stores it migrates
 * (and Redis, for the job's lease).
 */
export async function migrate(options: { down?: boolean; count?: number }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    dir: '',
    maxBytes: 1,
    maxFiles: 1,
    service: 'polychat:migrate',
  });
  const direction = options.down ? 'down' : 'up';
  const names = await migratePostgres(config, logger, { direction, count: options.count });
  console.log(
    `postgres: ${names.length === 0 ? 'up to date' : `${direction === 'up' ? 'applied' : 'reverted'} ${names.join(', ')}`}`,
  );
  if (direction === 'down') return;
  const stores = ['redis', 'neo4j', 'mongo', 'kafka'] as const;
  await runJob('migrate', { config, stores }, async ({ booted: { container } }) => {
    await migrateOtherStores({
      neo4j: container.get<Driver>(NEO4J_DRIVER),
      mongo: container.get<Connection>(MONGO_CONNECTION),
      topics: container.get<TopicAdmin>(TOPIC_ADMIN),
    });
  });
  console.log('neo4j: constraints ok; mongo: indexes ok; kafka: topics ok');
}

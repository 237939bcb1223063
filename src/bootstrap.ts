import { Container } from 'inversify';
import { CONFIG, loadConfig, type Config } from './config';
import { featureModules } from './modules';
import { HEALTH_CHECK, type HealthCheck, type StoreName } from './platform/health';
import {
  CONSUMER_RUNNER,
  consumerGroupId,
  ConsumerLagReader,
  ConsumerRunner,
  EVENT_PUBLISHER,
  KAFKA_PLATFORM,
  KafkaPlatform,
  STREAM_HANDLER,
  TOPIC_ADMIN,
  type StreamHandler,
} from './platform/kafka';
import { Shutdown, type StoreClient } from './platform/lifecycle';
import {
  MONGO_OUTBOX_BATCH_RECOVERY,
  MONGO_OUTBOX_WRITE_RECOVERY,
  MONGO_OUTBOX_BATCHES,
  MONGO_OUTBOX_COLLECTION,
  MONGO_OUTBOX_NOTIFIER,
  MongoOutboxBatches,
  MongoOutboxNotifier,
  type MongoOutboxCollection,
  type OutboxBatchRecovery,
  type OutboxWriteRecovery,
  MongoOutboxSource,
  Neo4jOutboxSource,
  OUTBOX_SOURCE,
  PgOutboxSource,
  type OutboxSource,
} from './platform/outbox';
import { closeLogger, createLogger, LOGGER, type Logger } from './platform/logger';
import { Metrics, METRICS, WS_METRICS } from './platform/metrics';
import { connectMongo, MONGO_CONNECTION } from './platform/mongo';
import { connectNeo4j, NEO4J_DRIVER } from './platform/neo4j';
import { connectPostgres, PG_POOL } from './platform/postgres';
import { connectRedis, REDIS, REDIS_LOCKS, RedisLocks } from './platform/redis';
import { LIVE_FANOUT, RedisLiveFanout } from './platform/ws';
import type { Redis } from 'ioredis';

/** A booted process: its container, config, logger, and the shutdown that undoes the boot. */
export interface Booted {
  readonly container: Container;
  readonly config: Config;
  readonly logger: Logger;
  /** Where roles register what they start; `stop()` undoes it in reverse. */
  readonly shutdown: Shutdown;
  /** Undoes everything in reverse start order, then flushes and closes the logger. */
  stop(): Promise<void>;
}

export interface BootOptions {
  /** Use this config instead of reading the environment (tests). */
  readonly config?: Config;
  /** Extra log metadata, e.g. the roles of this process. */
  readonly service?: string;
  /**
   * Connect only these stores (a CLI command connects what it uses); what needs another store is
   * left unbound, so using it fails at `container.get`. Default: every store.
   */
  readonly stores?: readonly StoreName[];
}

/** A store could not be reached at boot; the message names it. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * config -> logger -> store clients -> container -> modules: the one start sequence shared by the
 * api, the worker and every script. Each step registers its undo with `shutdown`, which runs them
 * in reverse.
 */
export async function bootstrap(options: BootOptions = {}): Promise<Booted> {
  const config = options.config ?? loadConfig();
  const shutdown = new Shutdown();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    dir: config.LOG_DIR,
    console: config.LOG_CONSOLE,
    maxBytes: config.LOG_FILE_MAX_BYTES,
    maxFiles: config.LOG_FILE_MAX_FILES,
    service: options.service,
  });
  const stop = async (): Promise<void> => {
    await shutdown.run(logger);
    await closeLogger(logger);
  };
  try {
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(CONFIG).toConstantValue(config);
    container.bind(LOGGER).toConstantValue(logger);
    await connectStores(container, config, logger, shutdown, options.stores);
    container.load(...featureModules);
    watchCluster(container, config, logger);
    return { container, config, logger, shutdown, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function connectStores(
  container: Container,
  config: Config,
  logger: Logger,
  shutdown: Shutdown,
  only?: readonly StoreName[],
): Promise<void> {
  const kafka = new KafkaPlatform(
    {
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
    logger,
  );
  const metrics = new Metrics();
  const lagReader = new ConsumerLagReader(kafka);
  container.bind(METRICS).toConstantValue(metrics);
  container.bind(WS_METRICS).toConstantValue(metrics.ws);
  container.bind(ConsumerLagReader).toConstantValue(lagReader);
  const connectors: Record<StoreName, () => Promise<StoreClient<unknown>>> = {
    postgres: () => connectPostgres({ url: config.PG_URL, poolMax: config.PG_POOL_MAX }, logger),
    mongo: () => connectMongo(config.MONGO_URL, logger),
    neo4j: () =>
      connectNeo4j({ url: config.NEO4J_URL, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD }, logger),
    redis: () => connectRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }, logger),
    kafka: async () => {
      await kafka.connect();
      const close = async (): Promise<void> => {
        await lagReader.close();
        await kafka.close();
      };
      return { client: kafka, health: kafka.health, close };
    },
  };
  const tokens: Record<StoreName, symbol> = {
    postgres: PG_POOL,
    mongo: MONGO_CONNECTION,
    neo4j: NEO4J_DRIVER,
    redis: REDIS,
    kafka: KAFKA_PLATFORM,
  };
  // Connect in parallel (boot time is the slowest store, not the sum), register in a fixed order.
  const names = (Object.keys(connectors) as StoreName[]).filter((name) => !only || only.includes(name));
  const has = (name: StoreName): boolean => names.includes(name);
  const results = await Promise.allSettled(names.map((name) => connectors[name]()));
  const failures: string[] = [];
  results.forEach((result, index) => {
    const name = names[index] as StoreName;
    if (result.status === 'rejected') {
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      failures.push(`${name}: ${reason}`);
      return;
    }
    shutdown.add(name, () => result.value.close());
    container.bind(tokens[name]).toConstantValue(result.value.client);
    container.bind<HealthCheck>(HEALTH_CHECK).toConstantValue(result.value.health);
  });
  if (failures.length > 0) throw new StoreUnavailableError(`cannot reach ${failures.join('; ')}`);
  const outboxChannel = `${config.REDIS_KEY_PREFIX}outbox:mongo`;
  if (has('redis')) {
    const redis = container.get<Redis>(REDIS);
    const locks = new RedisLocks(redis);
    container.bind(REDIS_LOCKS).toConstantValue(locks);
    container.bind(MONGO_OUTBOX_NOTIFIER).toConstantValue(new MongoOutboxNotifier(redis, outboxChannel));
    const fanout = new RedisLiveFanout(redis, config.REDIS_KEY_PREFIX, logger);
    container.bind(RedisLiveFanout).toConstantValue(fanout);
    container.bind(LIVE_FANOUT).toConstantValue(fanout);
  }
  if (has('postgres'))
    container
      .bind<OutboxSource>(OUTBOX_SOURCE)
      .toConstantValue(new PgOutboxSource(container.get(PG_POOL), config.PG_URL, logger));
  if (has('neo4j'))
    container
      .bind<OutboxSource>(OUTBOX_SOURCE)
      .toConstantValue(
        new Neo4jOutboxSource(container.get(NEO4J_DRIVER), logger, { namespace: config.KAFKA_TOPIC_PREFIX }),
      );
  if (has('mongo') && has('redis'))
    container.bind<OutboxSource>(OUTBOX_SOURCE).toConstantValue(
      new MongoOutboxSource(
        container.get(MONGO_CONNECTION),
        () => container.getAll<MongoOutboxCollection>(MONGO_OUTBOX_COLLECTION, { optional: true }),
        container.get<Redis>(REDIS),
        container.get<RedisLocks>(REDIS_LOCKS),
        outboxChannel,
        logger,
        undefined,
        {
          batches: () => container.getAll<OutboxBatchRecovery>(MONGO_OUTBOX_BATCH_RECOVERY, { optional: true }),
          writes: () => container.getAll<OutboxWriteRecovery>(MONGO_OUTBOX_WRITE_RECOVERY, { optional: true }),
          everyMs: config.OUTBOX_RECOVERY_MS,
        },
      ),
    );
  if (!has('kafka')) return;
  if (has('mongo') && has('redis'))
    container
      .bind(MONGO_OUTBOX_BATCHES)
      .toConstantValue(
        new MongoOutboxBatches(
          container.get(MONGO_CONNECTION),
          kafka,
          container.get<Redis>(REDIS),
          container.get<MongoOutboxNotifier>(MONGO_OUTBOX_NOTIFIER),
          logger,
        ),
      );
  container.bind(EVENT_PUBLISHER).toConstantValue(kafka);
  container.bind(TOPIC_ADMIN).toConstantValue(kafka);
  container.bind(CONSUMER_RUNNER).toConstantValue(
    new ConsumerRunner(
      kafka,
      {
        groupPrefix: config.KAFKA_CONSUMER_GROUP,
        maxAttempts: config.KAFKA_MAX_ATTEMPTS,
        backoffMs: config.KAFKA_RETRY_BACKOFF_MS,
      },
      logger,
      metrics.projections,
    ),
  );
}

/** /metrics also reports the outbox backlogs, consumer lag and DLQ sizes (read when scraped). */
function watchCluster(container: Container, config: Config, logger: Logger): void {
  container.get<Metrics>(METRICS).watchCluster(
    {
      outboxes: container.getAll<OutboxSource>(OUTBOX_SOURCE, { optional: true }),
      kafka: container.get(ConsumerLagReader),
      groups: () =>
        container.getAll<StreamHandler>(STREAM_HANDLER, { optional: true }).map((handler) => ({
          groupId: consumerGroupId(config.KAFKA_CONSUMER_GROUP, handler.name),
          topics: handler.topics,
        })),
    },
    { cacheMs: config.METRICS_CACHE_MS, timeoutMs: config.METRICS_TIMEOUT_MS },
    logger,
  );
}

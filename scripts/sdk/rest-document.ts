/**
 * The REST OpenAPI document exactly as the api serves it at /openapi.json, built without any store:
 * the real container with every feature module, over store clients that are created but never
 * connected, and the real Express app (createHttpApp) asked for its /openapi.json in-process on a
 * loopback port. Nothing is sent to a store: building routers only wires objects.
 */
import { Container } from 'inversify';
import mongoose from 'mongoose';
import neo4j from 'neo4j-driver';
import { CONFIG, loadConfig, type Config } from '../../src/config';
import { featureModules } from '../../src/modules';
import { createHttpApp, HTTP_ROUTE, listen, type HttpRoute } from '../../src/platform/http';
import {
  CONSUMER_RUNNER,
  ConsumerLagReader,
  ConsumerRunner,
  EVENT_PUBLISHER,
  KAFKA_PLATFORM,
  KafkaPlatform,
  TOPIC_ADMIN,
} from '../../src/platform/kafka';
import { createLogger, LOGGER, type Logger } from '../../src/platform/logger';
import { METRICS, Metrics, WS_METRICS } from '../../src/platform/metrics';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import {
  MONGO_OUTBOX_BATCHES,
  MONGO_OUTBOX_NOTIFIER,
  MongoOutboxBatches,
  MongoOutboxNotifier,
} from '../../src/platform/outbox';
import { PG_POOL, PostgresPool } from '../../src/platform/postgres';
import { REDIS, REDIS_LOCKS, RedisLocks } from '../../src/platform/redis';
import { CommandRedis } from '../../src/platform/redis/redis';
import { LIVE_FANOUT, RedisLiveFanout } from '../../src/platform/ws';
import { API_INFO } from '../../src/roles/http-options';

/** A fixed configuration, so the document does not depend on this machine's environment. */
function documentConfig(): Config {
  return loadConfig({ POLYCHAT_ENV: 'dev', LOG_DIR: '', LOG_LEVEL: 'error', HTTP_PORT: '0' });
}

/** The container the api role builds, over clients that never connect (none is used to build). */
function offlineContainer(config: Config, logger: Logger): { container: Container; close: () => Promise<void> } {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(CONFIG).toConstantValue(config);
  container.bind(LOGGER).toConstantValue(logger);
  const metrics = new Metrics();
  container.bind(METRICS).toConstantValue(metrics);
  container.bind(WS_METRICS).toConstantValue(metrics.ws);
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
  const pool = new PostgresPool({ connectionString: config.PG_URL, max: 1 });
  const connection = mongoose.createConnection();
  const driver = neo4j.driver(config.NEO4J_URL);
  const redis = new CommandRedis(config.REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
  container.bind(KAFKA_PLATFORM).toConstantValue(kafka);
  container.bind(EVENT_PUBLISHER).toConstantValue(kafka);
  container.bind(TOPIC_ADMIN).toConstantValue(kafka);
  container.bind(ConsumerLagReader).toConstantValue(new ConsumerLagReader(kafka));
  container
    .bind(CONSUMER_RUNNER)
    .toConstantValue(new ConsumerRunner(kafka, { groupPrefix: 'sdk', maxAttempts: 1, backoffMs: 1 }, logger));
  container.bind(PG_POOL).toConstantValue(pool);
  container.bind(MONGO_CONNECTION).toConstantValue(connection);
  container.bind(NEO4J_DRIVER).toConstantValue(driver);
  container.bind(REDIS).toConstantValue(redis);
  container.bind(REDIS_LOCKS).toConstantValue(new RedisLocks(redis));
  const notifier = new MongoOutboxNotifier(redis, 'sdk');
  container.bind(MONGO_OUTBOX_NOTIFIER).toConstantValue(notifier);
  container
    .bind(MONGO_OUTBOX_BATCHES)
    .toConstantValue(new MongoOutboxBatches(connection, kafka, redis, notifier, logger));
  const fanout = new RedisLiveFanout(redis, config.REDIS_KEY_PREFIX, logger);
  container.bind(RedisLiveFanout).toConstantValue(fanout);
  container.bind(LIVE_FANOUT).toConstantValue(fanout);
  container.load(...featureModules);
  const close = async (): Promise<void> => {
    redis.disconnect();
    await Promise.all([pool.end(), driver.close(), connection.close()]);
  };
  return { container, close };
}

/** The OpenAPI 3.1 document of the api role, as GET /openapi.json answers it. */
export async function buildRestDocument(): Promise<Record<string, unknown>> {
  const config = documentConfig();
  const logger = createLogger({ level: 'error', dir: '', console: false, maxBytes: 1, maxFiles: 1 });
  const { container, close } = offlineContainer(config, logger);
  try {
    const app = createHttpApp(
      {
        bodyLimit: config.HTTP_BODY_LIMIT,
        readinessTimeoutMs: config.READINESS_TIMEOUT_MS,
        healthChecks: [],
        draining: () => false,
        metrics: container.get<Metrics>(METRICS),
        security: { corsOrigins: config.CORS_ORIGINS, trustProxy: config.TRUST_PROXY },
        routes: container.getAll<HttpRoute>(HTTP_ROUTE),
        docs: API_INFO,
      },
      logger,
    );
    const http = await listen(app, '127.0.0.1', 0);
    try {
      const res = await fetch(`http://127.0.0.1:${http.port}/openapi.json`);
      if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    } finally {
      await http.stop(1000);
    }
  } finally {
    await close();
  }
}

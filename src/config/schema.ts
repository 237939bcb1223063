import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/**
 * Every environment variable polychat reads, with its meaning. Non-secret defaults live in
 * environments/<env>/.env; secrets come from the process environment.
 */
export const configSchema = z.object({
  /** dev | stage | prod | test: selects environments/<env>/.env and a few safety checks. */
  POLYCHAT_ENV: z.enum(['dev', 'stage', 'prod', 'test']).default('dev'),
  /** Address and port of the HTTP + WebSocket server. */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(8080),
  /** Largest accepted JSON request body, e.g. 100kb. */
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'a size such as 100kb')
    .default('100kb'),
  /** How long a stopping process waits for in-flight requests before closing connections. */
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  /** error | warn | info | http | verbose | debug */
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug']).default('info'),
  /** Folder for app.log and errors.log; empty disables file logs (containers log to stdout). */
  LOG_DIR: z.string().default('logs'),
  /** Also log to stdout (containers rely on it); off keeps test output clean. */
  LOG_CONSOLE: bool.default(true),
  /** Rotation: size of one log file in bytes and how many rotated files to keep. */
  LOG_FILE_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  LOG_FILE_MAX_FILES: positiveInt.default(5),

  /** PostgreSQL: users, credentials, outbox; projections for search and analytics. */
  PG_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  PG_POOL_MAX: positiveInt.default(10),
  /** MongoDB wire protocol (FerretDB locally, MongoDB in production): chats and messages. */
  MONGO_URL: z.url({ protocol: /^mongodb(\+srv)?$/ }),
  /** Neo4j: the friend graph. */
  NEO4J_URL: z.url({ protocol: /^(bolt|neo4j)(\+s|\+ssc)?$/ }),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  /** Redis: presence, typing, rate limits, locks, fan-out. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  /** Redis key prefix, so several environments or test suites can share one server. */
  REDIS_KEY_PREFIX: z.string().default('polychat:'),
  /** Kafka: the event log. Comma-separated host:port list. */
  KAFKA_BROKERS: csv.pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port')).min(1)),
  KAFKA_CLIENT_ID: z.string().min(1).default('polychat'),
  /** Prefix of every topic name, so test runs and environments do not share topics. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** Partitions for topics the app creates. */
  KAFKA_PARTITIONS: positiveInt.default(6),
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),
  /** Consumer group id of the worker role. */
  KAFKA_CONSUMER_GROUP: z.string().min(1).default('polychat-worker'),

  /** Attempts a stream handler gets per event before the event goes to <topic>.dlq. */
  KAFKA_MAX_ATTEMPTS: positiveInt.default(5),
  /** First retry delay of a failing stream handler; doubles each attempt. */
  KAFKA_RETRY_BACKOFF_MS: positiveInt.default(100),
  /** Largest WebSocket frame accepted; a bigger one closes the connection with 1009. */
  WS_MAX_FRAME_BYTES: positiveInt.default(64 * 1024),

  /** Outbox relays: entries per Kafka produce call, and the safety-net poll when no wake-up comes. */
  OUTBOX_BATCH_SIZE: positiveInt.default(500),
  OUTBOX_POLL_MS: positiveInt.default(1000),

  /** HMAC secret of access tokens (HS256), at least 32 characters. Set it from a secret store in stage/prod. */
  JWT_SECRET: z.string().min(32, 'at least 32 characters'),
  /** Access tokens are short-lived; refresh tokens rotate on every use. */
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt.default(30),
  /** argon2id cost: memory in KiB, iterations, parallelism (OWASP minimum: 19456, 2, 1). */
  ARGON2_MEMORY_KIB: positiveInt.default(19_456),
  ARGON2_ITERATIONS: positiveInt.default(2),
  ARGON2_PARALLELISM: positiveInt.default(1),
  /** Auth rate limits: requests per IP per minute, and failed logins per account per 15 minutes. */
  RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: positiveInt.default(10),

  /** Per-store budget of a readiness check before it counts as down. */
  READINESS_TIMEOUT_MS: positiveInt.default(2000),
  /** Log more of each store client's internals (debug aid). */
  STORE_DEBUG: bool.default(false),
});

/** The validated, typed configuration bound in the container. */
export type Config = z.infer<typeof configSchema>;

import { isIP } from 'node:net';
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

/** A browser origin (scheme://host[:port], no path) or * for any. */
const corsOrigin = z.union([
  z.literal('*'),
  z.string().regex(/^https?:\/\/[^/\s?#]+$/, 'an origin such as https://app.example.com (no path), or *'),
]);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An IP address, optionally with a /prefix, or one of Express's proxy names. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
/** Express's `trust proxy`: false, a hop count, or the addresses/subnets of trusted proxies. */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === '' || value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    if (value === 'true') {
      ctx.addIssue({ code: 'custom', message: 'true trusts any client; give a hop count or proxy subnets' });
      return z.NEVER;
    }
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => !isProxyEntry(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not a hop count, address, subnet or loopback|linklocal|uniquelocal: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * JWT secrets anyone can read in this repository: environments/dev/.env's and the example in
 * k8s/secret.example.yaml (a test checks both lists match those files). stage and prod refuse them.
 */
export const KNOWN_JWT_SECRETS: ReadonlySet<string> = new Set([
  'dev-only-secret-change-me-0123456789abcdef',
  'CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME',
]);

/** Every variable, each on its own (the checks across variables follow in configSchema). */
const configFields = z.object({
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
  /**
   * Browser origins allowed to call the API cross-origin: a comma-separated list such as
   * https://app.example.com,https://admin.example.com, or * for any origin. Empty (the default): no
   * cross-origin access. Clients authenticate with bearer tokens, never cookies, so credentials are
   * not allowed either way.
   */
  CORS_ORIGINS: csv.pipe(z.array(corsOrigin)).default([]),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), which the login rate
   * limit keys on: false (the default: clients connect directly), a hop count (1 behind one ingress
   * or load balancer), or a comma-separated list of proxy addresses, subnets or the names loopback,
   * linklocal, uniquelocal (e.g. 10.0.0.0/8,loopback). `true` is refused: it would let any client
   * pick its own address.
   */
  TRUST_PROXY: trustProxy.default(false),
  /**
   * The web client's built files (npm run build writes dist/web), served by the api role at `/`;
   * relative to the working directory. Empty: no web client (the API only).
   */
  WEB_DIR: z.string().default('dist/web'),
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
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a mongodb:// or mongodb+srv:// URL (a replica set seed list is fine)'),
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
  /** A connection that has not authenticated this long after opening is closed with 4001. */
  WS_AUTH_TIMEOUT_MS: positiveInt.default(5_000),
  /** The server pings every connection this often; one that has not answered the last ping is dropped. */
  WS_HEARTBEAT_MS: positiveInt.default(30_000),
  /** Bytes a connection may have queued for sending; a slower reader is closed (4009), so memory stays bounded. */
  WS_MAX_BUFFERED_BYTES: positiveInt.default(1024 * 1024),
  /** Request frames one connection may send per window (Redis-counted); more closes it with 4008. */
  WS_RATE_FRAMES: positiveInt.default(100),
  WS_RATE_WINDOW_SECONDS: positiveInt.default(10),
  /** A device's presence lives this long in Redis unless its api process renews it (every third of it). */
  PRESENCE_TTL_MS: positiveInt.default(30_000),
  /** How often a process looks for presence entries whose api process died, to announce those users offline. */
  PRESENCE_SWEEP_MS: positiveInt.default(2_000),
  /** A typing indicator stops by itself this long after the last `typing start`. */
  TYPING_TTL_MS: positiveInt.default(6_000),

  /** Push delivery of notifications: a webhook URL (empty = log only), its HMAC secret, and retries. */
  NOTIFY_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  NOTIFY_WEBHOOK_SECRET: z.string().default(''),
  NOTIFY_WEBHOOK_ATTEMPTS: positiveInt.default(5),
  NOTIFY_WEBHOOK_BACKOFF_MS: positiveInt.default(500),
  NOTIFY_WEBHOOK_TIMEOUT_MS: positiveInt.default(5_000),

  /**
   * CLI jobs (import, export, backfill…) hold a Redis lease per job name so two runs never overlap;
   * it is renewed every third of this and expires this long after its holder died.
   */
  JOB_LEASE_TTL_MS: positiveInt.default(30_000),

  /** Outbox relays: entries per Kafka produce call, and the safety-net poll when no wake-up comes. */
  OUTBOX_BATCH_SIZE: positiveInt.default(500),
  OUTBOX_POLL_MS: positiveInt.default(1000),
  /** How often the MongoDB relay's leader looks for what dead writers left unqueued (batches, marked sends). */
  OUTBOX_RECOVERY_MS: positiveInt.default(30_000),

  /**
   * HMAC secret of access tokens (HS256), at least 32 bytes. Set it from a secret store in
   * stage/prod: they refuse to start with the dev secret or the example one of k8s/.
   */
  JWT_SECRET: z.string().refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'at least 32 bytes'),
  /** Access tokens are short-lived; refresh tokens rotate on every use. */
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt.default(30),
  /** argon2id cost: memory in KiB, iterations, parallelism (OWASP minimum: 19456, 2, 1). */
  ARGON2_MEMORY_KIB: positiveInt.default(19_456),
  ARGON2_ITERATIONS: positiveInt.default(2),
  ARGON2_PARALLELISM: positiveInt.default(1),
  /**
   * Auth rate limits: requests per IP per minute; failed logins per account from one IP per 15
   * minutes (then that pair is refused; failures beyond it from everywhere only slow the account's
   * logins down); failed logins per IP per day, whatever the accounts.
   */
  RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: positiveInt.default(10),
  RATE_LIMIT_LOGIN_FAILURES_PER_IP_PER_DAY: positiveInt.default(100),

  /**
   * /metrics reads outbox backlogs, consumer lag and DLQ sizes from the stores and Kafka at most
   * once per METRICS_CACHE_MS (scrapes in between reuse the reading), and leaves a reading out of a
   * scrape when it takes longer than METRICS_TIMEOUT_MS.
   */
  METRICS_CACHE_MS: positiveInt.default(10_000),
  METRICS_TIMEOUT_MS: positiveInt.default(3000),

  /**
   * Graph analytics: how old the last connected-components pass may be before a request for graph
   * statistics runs a new one (only if the graph changed since). Counts of users and friendships are
   * always exact; the largest component is up to this stale.
   */
  ANALYTICS_GRAPH_STALENESS_MS: positiveInt.default(60_000),

  /**
   * Trained models (docs/decisions/0037): data/models/<name>/<version>/ with a CURRENT file naming
   * the version in use; a relative path is taken from the checkout. A process re-reads CURRENT at
   * most every ML_RELOAD_MS and swaps the model in without a restart (`polychat ml promote`).
   */
  ML_MODELS_DIR: z.string().min(1).default('data/models'),
  ML_RELOAD_MS: positiveInt.default(2_000),
  /**
   * Moderation of sent and edited messages (docs/decisions/0038): off (not scored), flag (above the
   * model's flag threshold a message is queued for review and still delivered) or hold (also: above
   * the hold threshold it is kept from the other members until an admin approves it). Admins may
   * override it per chat; processes cache those overrides for MODERATION_POLICY_CACHE_MS.
   */
  MODERATION_POLICY: z.enum(['off', 'flag', 'hold']).default('hold'),
  MODERATION_POLICY_CACHE_MS: positiveInt.default(5_000),

  /** Per-store budget of a readiness check before it counts as down. */
  READINESS_TIMEOUT_MS: positiveInt.default(2000),
  /** Log more of each store client's internals (debug aid). */
  STORE_DEBUG: bool.default(false),
});

/**
 * Every environment variable polychat reads, with its meaning. Non-secret defaults live in
 * environments/<env>/.env; secrets come from the process environment. stage and prod refuse a
 * published JWT secret.
 */
export const configSchema = configFields.superRefine((config, ctx) => {
  if ((config.POLYCHAT_ENV === 'stage' || config.POLYCHAT_ENV === 'prod') && KNOWN_JWT_SECRETS.has(config.JWT_SECRET)) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: `a published secret (the dev or example one) is refused in ${config.POLYCHAT_ENV}; use a random one (openssl rand -hex 32)`,
    });
  }
});

/** The validated, typed configuration bound in the container. */
export type Config = z.infer<typeof configSchema>;

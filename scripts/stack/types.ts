/**
 * The servers of the local stack, in start order (stop runs in reverse). neo4j-test is the tests'
 * own graph (docs/decisions/0022): only `up --test` (npm test) starts it.
 */
export const SERVER_NAMES = ['postgres', 'redis', 'kafka', 'neo4j', 'ferretdb', 'neo4j-test'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Where the stack keeps things: a per-clone state dir and a per-machine cache. */
export interface StackPaths {
  /** <repo>/.stack: data, logs, pid files of this clone's servers (gitignored). */
  readonly home: string;
  /** ~/.cache/polychat (or $POLYCHAT_CACHE_DIR): downloads and builds reused across clones. */
  readonly cache: string;
  dataDir(server: ServerName): string;
  logFile(server: ServerName): string;
  pidFile(server: ServerName): string;
}

/** What a server reports once a real handshake succeeds. */
export interface ProbeResult {
  readonly version: string;
}

/**
 * One server of the local stack. The runner calls install -> (if not running) start -> probe until
 * ready, and handles pid files, port checks, timeouts and error reporting; a server only knows
 * how to get itself, launch itself and shake hands.
 */
export interface StackServer {
  readonly name: ServerName;
  /** The client port on 127.0.0.1 that the handshake uses and `status` reports. */
  readonly port: number;
  /** Extra ports the server binds (e.g. Kafka's controller); checked for conflicts before start. */
  readonly extraPorts?: readonly number[];
  /** Only tests use it: a plain `up` leaves it out, `up --test` starts it, `status` always lists it. */
  readonly testOnly?: boolean;
  /** Seconds the runner waits for the first successful probe after a start. */
  readonly readyTimeoutSeconds: number;
  /** Installs what is missing (apt, Maven Central, Go module proxy). Idempotent, reuses downloads. */
  install(paths: StackPaths): Promise<void>;
  /** One-time preparation of the data dir (initdb, storage format); a no-op when already done. */
  prepare(paths: StackPaths): Promise<void>;
  /** How to launch the server in the foreground; the runner detaches it and records its pid. */
  command(paths: StackPaths): LaunchCommand;
  /** One handshake through the real protocol; throws when the server is not ready yet. */
  probe(): Promise<ProbeResult>;
  /**
   * Checks, once ready, that the server does what the app relies on beyond the handshake (FerretDB:
   * new collections get the _id pushdown index); returns a note for the report, throws naming what failed.
   */
  verify?(paths: StackPaths): Promise<string>;
  /** The signal for a fast, clean stop (PostgreSQL wants SIGINT); SIGTERM when absent. */
  readonly stopSignal?: NodeJS.Signals;
}

export interface LaunchCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Run as this system user (PostgreSQL refuses to run as root). */
  readonly user?: string;
}

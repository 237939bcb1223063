import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServerName } from '../stack/types';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The ports of a private stack; Kafka and Neo4j are optional (tests borrow the shared ones). */
export interface FaultStackPorts {
  readonly postgres: number;
  readonly ferretdb: number;
  readonly redis: number;
  readonly kafka?: number;
  readonly kafkaController?: number;
  readonly neo4j?: number;
}

/**
 * A stack of its own (own POLYCHAT_STACK_DIR, own ports) that fault tests and `npm run chaos` may
 * kill and restart without disturbing the shared dev/test servers. It drives the ordinary stack CLI
 * in a child process (the server modules read their ports from the environment at load time) and
 * kills by the pid files of its own folder only.
 */
export class FaultStack {
  constructor(
    readonly dir: string,
    readonly ports: FaultStackPorts,
  ) {}

  /** The environment that points the stack CLI at this stack. */
  stackEnv(): Record<string, string> {
    const env: Record<string, string> = {
      POLYCHAT_STACK_DIR: this.dir,
      POLYCHAT_STACK_PG_PORT: String(this.ports.postgres),
      POLYCHAT_STACK_FERRETDB_PORT: String(this.ports.ferretdb),
      POLYCHAT_STACK_REDIS_PORT: String(this.ports.redis),
    };
    if (this.ports.kafka !== undefined) env['POLYCHAT_STACK_KAFKA_PORT'] = String(this.ports.kafka);
    if (this.ports.kafkaController !== undefined) {
      env['POLYCHAT_STACK_KAFKA_CONTROLLER_PORT'] = String(this.ports.kafkaController);
    }
    if (this.ports.neo4j !== undefined) env['POLYCHAT_STACK_NEO4J_PORT'] = String(this.ports.neo4j);
    return env;
  }

  /** Store URLs of this stack (database names are the caller's: they must say "test" for tests). */
  urls(database: string): { PG_URL: string; MONGO_URL: string; REDIS_URL: string } {
    return {
      PG_URL: `postgres://polychat:polychat@127.0.0.1:${this.ports.postgres}/${database}`,
      MONGO_URL: `mongodb://127.0.0.1:${this.ports.ferretdb}/${database}`,
      REDIS_URL: `redis://127.0.0.1:${this.ports.redis}/0`,
    };
  }

  /** Starts the named servers (installs and prepares them on first use); resolves once they answer. */
  async up(servers: readonly ServerName[]): Promise<void> {
    await this.cli(['up', ...servers]);
  }

  /** Stops the named servers cleanly. */
  async down(servers: readonly ServerName[]): Promise<void> {
    await this.cli(['down', ...servers]);
  }

  /** The pid of a server of this stack, from its pid file; undefined when it is not running. */
  pid(server: ServerName): number | undefined {
    const file = path.join(this.dir, 'run', `${server}.pid`);
    if (!existsSync(file)) return undefined;
    const { pid } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
    return alive(pid) ? pid : undefined;
  }

  /** `kill -9` of the server's whole process group (its children too, as a crash would), then waits until it is gone. */
  async kill(server: ServerName): Promise<void> {
    const pid = this.pid(server);
    if (pid === undefined) throw new Error(`${server} of ${this.dir} is not running`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    const deadline = Date.now() + 10_000;
    while (alive(pid) || groupAlive(pid)) {
      if (Date.now() > deadline) throw new Error(`${server} (pid ${pid}) survived SIGKILL`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private cli(args: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/stack/cli.ts', ...args], {
        cwd: repoRoot,
        env: { ...process.env, ...this.stackEnv() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code === 0) resolve();
        else reject(new Error(`stack ${args.join(' ')} (${this.dir}) exited ${code}:\n${output}`));
      });
    });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The private stack of the fault integration tests: PostgreSQL, FerretDB and Redis on ports of
 * their own (Kafka and Neo4j are borrowed from the shared stack: the tests never kill those).
 */
export const testFaultStack = (): FaultStack =>
  new FaultStack(process.env['POLYCHAT_FAULT_TEST_STACK_DIR'] ?? path.join(tmpdir(), 'polychat-faults-test'), {
    postgres: Number(process.env['POLYCHAT_FAULT_TEST_PG_PORT'] ?? 25432),
    ferretdb: Number(process.env['POLYCHAT_FAULT_TEST_FERRETDB_PORT'] ?? 27117),
    redis: Number(process.env['POLYCHAT_FAULT_TEST_REDIS_PORT'] ?? 26379),
  });

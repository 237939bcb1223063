/** Runs `npx polychat` as a subprocess against a suite's own stores (isolatedConfig), for CLI tests. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../config';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const repoRoot = path.resolve(__dirname, '..', '..');

/** Runs bin/polychat with `args` in the environment of `config` (its databases, prefixes and topics). */
export function polychat(config: Config, ...args: string[]): Promise<CliRun> {
  const env = {
    ...process.env,
    POLYCHAT_ENV: 'dev',
    PG_URL: config.PG_URL,
    MONGO_URL: config.MONGO_URL,
    REDIS_URL: config.REDIS_URL,
    REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
    KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
    KAFKA_CONSUMER_GROUP: config.KAFKA_CONSUMER_GROUP,
    KAFKA_PARTITIONS: String(config.KAFKA_PARTITIONS),
    LOG_LEVEL: 'error',
    LOG_DIR: '',
    LOG_CONSOLE: 'false',
  };
  return new Promise((resolve) => {
    execFile(path.join(repoRoot, 'bin', 'polychat'), args, { cwd: repoRoot, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

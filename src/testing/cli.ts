/** Runs `npx polychat` as a subprocess against a suite's own stores, for CLI tests. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../config';
import { childEnv } from './process';

/** What a finished CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const repoRoot = path.resolve(__dirname, '..', '..');
export const POLYCHAT_BIN = path.join(repoRoot, 'bin', 'polychat');

/** The environment of a CLI child pointed at `config`'s databases, prefixes, topics and job lease. */
export function cliEnv(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return childEnv(config, {
    KAFKA_PARTITIONS: String(config.KAFKA_PARTITIONS),
    JOB_LEASE_TTL_MS: String(config.JOB_LEASE_TTL_MS),
    LOG_LEVEL: 'error',
    LOG_CONSOLE: 'false',
    ...extra,
  });
}

/** Runs `node bin/polychat <args>` in `env` (no PATH needed) and collects its output and exit code. */
export function runCli(env: Record<string, string>, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [POLYCHAT_BIN, ...args],
      { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs bin/polychat with `args` in the environment of `config`. */
export function polychat(config: Config, ...args: string[]): Promise<CliRun> {
  return runCli(cliEnv(config), args);
}

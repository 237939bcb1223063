import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { configSchema, type Config } from './schema';

/** The configuration is invalid; the message names every variable at fault and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly { variable: string; reason: string }[]) {
    super(
      `invalid configuration:\n${problems.map((problem) => `  ${problem.variable}: ${problem.reason}`).join('\n')}`,
    );
  }
}

/** The checkout: two levels up from src/config, three from dist/src/config (the compiled build). */
export const repoRoot = path.resolve(
  __dirname,
  ...(path.basename(path.resolve(__dirname, '..', '..')) === 'dist' ? ['..', '..', '..'] : ['..', '..']),
);

/**
 * Reads environments/<POLYCHAT_ENV>/.env (non-secret defaults) under the process environment,
 * which always wins, and validates the result. Throws ConfigError naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const name = env['POLYCHAT_ENV'] ?? 'dev';
  const envFile = path.join(repoRoot, 'environments', name === 'test' ? 'dev' : name, '.env');
  const fileValues = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const merged: Record<string, string | undefined> = { ...fileValues, ...env };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(root)', reason: issue.message })),
    );
  }
  return result.data;
}

/**
 * The environment for a child process that must see this process's environment (PATH, JAVA_HOME…)
 * plus resolved settings (`npx polychat spark` hands the app's configuration to its jobs this way).
 */
export function childEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

import { parseArgs } from 'node:util';
import { bootstrap } from './bootstrap';
import { ConfigError } from './config';
import { startApi } from './roles/api';
import { startWorker } from './roles/worker';

const ROLES = ['api', 'worker'] as const;
type Role = (typeof ROLES)[number];

/** `--role api,worker` (default: both); an unknown role is an error, not ignored. */
export function parseRoles(argv: readonly string[]): Role[] {
  const { values } = parseArgs({ args: [...argv], options: { role: { type: 'string', default: ROLES.join(',') } } });
  const requested = values.role
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = requested.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0 || requested.length === 0) {
    throw new Error(`--role takes a comma-separated list of ${ROLES.join(', ')}; got '${values.role}'`);
  }
  return [...new Set(requested)] as Role[];
}

async function main(): Promise<void> {
  const roles = parseRoles(process.argv.slice(2));
  const booted = await bootstrap({ service: `polychat:${roles.join('+')}` });
  const { logger } = booted;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    void booted.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    if (roles.includes('worker')) await startWorker(booted, { http: !roles.includes('api') });
    if (roles.includes('api')) await startApi(booted);
  } catch (error) {
    logger.error('start failed', { error });
    await booted.stop();
    process.exit(1);
  }
  logger.info('polychat started', { roles });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // Boot failed before the logger could be trusted: say what and exit non-zero.
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

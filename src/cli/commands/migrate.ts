import type { Command } from 'commander';
import { positiveInt } from '../support/options';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./migrate-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./migrate-action') as typeof import('./migrate-action');

/** `polychat migrate`: PostgreSQL migrations, then the schema of the other stores. */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('PostgreSQL migrations (node-pg-migrate), Neo4j constraints, MongoDB indexes, Kafka topics')
    .option('--down', 'revert PostgreSQL migrations instead of applying them')
    .option('--count <n>', 'how many PostgreSQL migrations (default: all up, one down)', positiveInt)
    .action((options: { down?: boolean; count?: number }) => action().migrate(options));
}

import { InvalidArgumentError, type Command } from 'commander';
import { RAW_DIR } from '../support/datasets';
import { nonNegativeInt, positiveInt } from '../support/options';
import type { SeedFlags } from './seed-action';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./seed-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./seed-action') as typeof import('./seed-action');

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('a date such as 2026-01-05');
  return value;
}

/** `polychat seed`: a deterministic synthetic dataset in the import format, under data/raw. */
export function register(program: Command): void {
  program
    .command('seed')
    .description('write a deterministic synthetic dataset (users, friendships, chats, messages) in the import format')
    .option('--users <n>', 'how many users', positiveInt, 100)
    .option('--seed <s>', 'random seed: the same seed gives the same files', nonNegativeInt, 1)
    .option('--messages <n>', 'messages in all (default: 6 per user)', nonNegativeInt)
    .option('--days <n>', 'days the dataset spans', positiveInt, 14)
    .option('--start <date>', 'first day (UTC)', isoDate, '2026-01-05')
    .option('--out <dir>', `folder, or a name under ${RAW_DIR} (default: seed-u<users>-s<seed>)`)
    .option('--password <password>', 'give every user this password (stored as one argon2 hash, never in clear)')
    .action((flags: SeedFlags) => action().seed(flags));
}

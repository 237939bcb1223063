import { InvalidArgumentError, type Command } from 'commander';
import { SeedDataset } from '../../modules/datasets';
import {
  datasetDir,
  formatDuration,
  nonNegativeInt,
  positiveInt,
  printSummary,
  progressOf,
  RAW_DIR,
  runJob,
  shown,
} from '../support';

interface SeedFlags {
  users: number;
  seed: number;
  messages?: number;
  days: number;
  start: string;
  out?: string;
  password?: string;
}

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
    .action(async (flags: SeedFlags) => {
      const out = datasetDir(flags.out ?? `seed-u${flags.users}-s${flags.seed}`, RAW_DIR);
      const started = performance.now();
      const manifest = await runJob(`seed:${out}`, {}, (context) =>
        context.booted.container.get(SeedDataset).run({
          out,
          users: flags.users,
          seed: flags.seed,
          messages: flags.messages ?? flags.users * 6,
          days: flags.days,
          start: flags.start,
          ...(flags.password ? { password: flags.password } : {}),
          progress: progressOf(context),
        }),
      );
      printSummary(`seed: ${shown(out)}`, [
        ...Object.entries(manifest.counts).map(([entity, count]): [string, number] => [entity, count]),
        ['time', formatDuration(performance.now() - started)],
      ]);
    });
}

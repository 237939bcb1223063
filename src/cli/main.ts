import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config';
import { createLogger } from '../platform/logger';
import { migratePostgres } from './migrate';

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive whole number');
  return parsed;
}

/** `npx polychat <command>`: operations on the stores, all configured like the app itself. */
export function buildCli(): Command {
  const program = new Command('polychat').description('polychat operations').showHelpAfterError();

  program
    .command('migrate')
    .description('create the database if needed and apply PostgreSQL migrations (or revert with --down)')
    .option('--down', 'revert instead of apply')
    .option('--count <n>', 'how many migrations (default: all up, one down)', positiveInt)
    .action(async (options: { down?: boolean; count?: number }) => {
      const config = loadConfig();
      const logger = createLogger({
        level: config.LOG_LEVEL,
        dir: '',
        maxBytes: 1,
        maxFiles: 1,
        service: 'polychat:migrate',
      });
      const names = await migratePostgres(config, logger, {
        direction: options.down ? 'down' : 'up',
        count: options.count,
      });
      console.log(
        names.length === 0
          ? 'migrate: nothing to do'
          : `migrate: ${options.down ? 'reverted' : 'applied'} ${names.join(', ')}`,
      );
    });

  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}

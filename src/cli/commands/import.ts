import type { Command } from 'commander';
import { PROCESSED_DIR, RAW_DIR } from '../support/datasets';
import { positiveInt } from '../support/options';
import type { ImportFlags } from './import-action';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./import-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./import-action') as typeof import('./import-action');

/** `polychat import <dir>`: a dataset into the owner stores, resumable and idempotent. */
export function register(program: Command): void {
  program
    .command('import')
    .description(
      'import a dataset (users, friendships, chats, messages JSONL; docs/import-format.md) through the write path',
    )
    .argument('<dir>', `dataset folder, or a name under ${RAW_DIR}`)
    .option('--batch-size <n>', 'records per write', positiveInt, 1000)
    .option('--rejects <dir>', `where <entity>.rejects.jsonl go (default: ${PROCESSED_DIR}/rejects/<dataset>)`)
    .option(
      '--restart',
      'ignore checkpoints and read every file from the start (still changes nothing already imported)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 all imported, 2 finished with rejected records, 75 another import is running.',
    )
    .action((dirArg: string, flags: ImportFlags) => action().importDataset(dirArg, flags));
}

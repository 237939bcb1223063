import type { Command } from 'commander';
import { PROCESSED_DIR } from '../support/datasets';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./export-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./export-action') as typeof import('./export-action');

/** `polychat export <dir>`: every entity streamed out in the import format, under data/processed. */
export function register(program: Command): void {
  program
    .command('export')
    .description('stream users, friendships, chats and messages out of the owner stores in the import format')
    .argument('<dir>', `output folder, or a name under ${PROCESSED_DIR}`)
    .action((dirArg: string) => action().exportDataset(dirArg));
}

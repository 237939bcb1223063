import type { Command } from 'commander';
// The pure domain file, not the module's index: declaring the command must not load the module.
import { PAIR_NAMES } from '../../modules/reconcile/domain/pair-names';
import { namesOf, scopeOptions } from '../scope-options';
import { nonNegativeInt, positiveInt } from '../support/options';
import type { ReconcileFlags } from './reconcile-action';
import { DRIFT_EXIT_CODE } from './reconcile-exit';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./reconcile-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./reconcile-action') as typeof import('./reconcile-action');

/** `polychat reconcile [--repair]`: every owner store against every projection of it. */
export function register(program: Command): void {
  scopeOptions(
    program
      .command('reconcile')
      .description('compare each owner store with each projection of it (counts, per-record versions and checksums)')
      .option('--repair', 'mend the drift through the projections’ own write paths, then check again')
      .option('--only <pairs>', `only these pairs (comma-separated): ${PAIR_NAMES.join(', ')}`, namesOf(PAIR_NAMES)),
  )
    .option('--settle <ms>', 'read drifted records again after this long; report only what stays', nonNegativeInt, 2000)
    .option('--max-ids <n>', 'ids listed per pair and kind of drift', positiveInt, 20)
    .option('--json', 'print the outcome as JSON (one object) instead of text')
    .addHelpText(
      'after',
      `\nExit codes: 0 no drift (left), ${DRIFT_EXIT_CODE} drift remains, 75 another reconcile is running.`,
    )
    .action((flags: ReconcileFlags) => action().reconcile(flags));
}

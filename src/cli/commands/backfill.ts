import { Argument, type Command } from 'commander';
import type { BackfillTarget } from '../../modules/reconcile';
// The pure domain file, not the module's index: declaring the command must not load the module.
import { BACKFILL_TARGETS } from '../../modules/reconcile/domain/pair-names';
import { scopeOptions } from '../scope-options';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./backfill-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./backfill-action') as typeof import('./backfill-action');

/** `polychat backfill <projection>`: rebuilds a projection from its owner store. */
export function register(program: Command): void {
  scopeOptions(
    program
      .command('backfill')
      .description(
        'rebuild a projection from its owner store through its version-guarded write path (idempotent; ' +
          'records the owner lacks are left for reconcile --repair)',
      )
      .addArgument(new Argument('<projection>', 'what to rebuild').choices(BACKFILL_TARGETS)),
  )
    .addHelpText('after', '\nExit codes: 0 done, 75 another backfill is running.')
    .action((projection: BackfillTarget, flags: { users?: string[]; chats?: string[] }) =>
      action().backfill(projection, flags),
    );
}

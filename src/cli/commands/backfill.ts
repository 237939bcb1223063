import { Argument, type Command } from 'commander';
import { Backfill, BACKFILL_TARGETS, type BackfillTarget } from '../../modules/reconcile';
import { scopeOf, scopeOptions } from '../scope-options';
import { formatDuration, printSummary, rate, runJob } from '../support';

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
    .action(async (projection: BackfillTarget, flags: { users?: string[]; chats?: string[] }) => {
      const started = performance.now();
      const outcomes = await runJob('backfill', {}, ({ booted, ...context }) =>
        booted.container.get(Backfill).execute(projection, {
          scope: scopeOf(flags),
          onPair: (pair, total) => {
            const bar = context.progress({ label: pair.name, total });
            return { advance: (n) => bar.increment(n), done: () => bar.stop() };
          },
        }),
      );
      const ms = performance.now() - started;
      const applied = outcomes.reduce((sum, outcome) => sum + outcome.applied, 0);
      printSummary(`backfill ${projection}`, [
        ...outcomes.map((outcome): [string, string] => [
          outcome.pair,
          outcome.skipped
            ? `skipped (${outcome.skipped})`
            : `${outcome.applied} from ${outcome.owner} into ${outcome.projection}`,
        ]),
        ['time', `${formatDuration(ms)} (${rate(applied, ms)})`],
      ]);
    });
}

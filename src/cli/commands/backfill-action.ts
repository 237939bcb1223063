import { Backfill, type BackfillTarget } from '../../modules/reconcile';
import { scopeOf } from '../scope-options';
import { formatDuration, printSummary, rate, runJob } from '../support';

/** `polychat backfill <projection>`: rebuilds a projection from its owner store (every store connected). */
export async function backfill(
  projection: BackfillTarget,
  flags: { users?: string[]; chats?: string[] },
): Promise<void> {
  const started = performance.now();
  const took = new Map<string, number>();
  const outcomes = await runJob('backfill', {}, ({ booted, ...context }) =>
    booted.container.get(Backfill).execute(projection, {
      scope: scopeOf(flags),
      onPair: (pair, total) => {
        const bar = context.progress({ label: pair.name, total });
        const pairStarted = performance.now();
        return {
          advance: (n) => bar.increment(n),
          done: () => {
            took.set(pair.name, performance.now() - pairStarted);
            bar.stop();
          },
        };
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
        : `${outcome.applied} from ${outcome.owner} into ${outcome.projection}` +
          (took.has(outcome.pair) ? ` in ${formatDuration(took.get(outcome.pair) ?? 0)}` : ''),
    ]),
    ['time', `${formatDuration(ms)} (${rate(applied, ms)})`],
  ]);
}

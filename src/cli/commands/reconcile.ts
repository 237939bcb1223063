import type { Command } from 'commander';
import {
  driftSize,
  PAIR_NAMES,
  Reconcile,
  remainingDrift,
  type DriftItem,
  type PairCheck,
  type PairOutcome,
} from '../../modules/reconcile';
import { namesOf, scopeOf, scopeOptions } from '../scope-options';
import { formatDuration, nonNegativeInt, positiveInt, printSummary, runJob } from '../support';

interface ReconcileFlags {
  repair?: boolean;
  only?: string[];
  users?: string[];
  chats?: string[];
  settle: number;
  maxIds: number;
  json?: boolean;
}

/** Exit code while drift remains (0 when every pair matches). */
export const DRIFT_EXIT_CODE = 3;

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
    .action(async (flags: ReconcileFlags) => {
      const started = performance.now();
      const outcomes = await runJob('reconcile', {}, ({ booted, ...context }) =>
        booted.container.get(Reconcile).execute({
          scope: scopeOf(flags),
          only: flags.only,
          repair: flags.repair ?? false,
          settleMs: flags.settle,
          onPair: (pair, total) => {
            const bar = context.progress({ label: pair.name, total });
            return { advance: (n) => bar.increment(n), done: () => bar.stop() };
          },
        }),
      );
      const remaining = remainingDrift(outcomes);
      if (flags.json) process.stdout.write(`${JSON.stringify({ outcomes, remaining })}\n`);
      else printOutcomes(outcomes, flags, performance.now() - started);
      if (remaining > 0) process.exitCode = DRIFT_EXIT_CODE;
    });
}

function printOutcomes(outcomes: readonly PairOutcome[], flags: ReconcileFlags, ms: number): void {
  for (const { check, afterRepair } of outcomes) {
    console.log(`${check.pair}: ${check.owner} -> ${check.projection}: ${counts(check)}`);
    for (const [kind, items] of Object.entries(check.drift) as [string, DriftItem[]][]) {
      for (const item of items.slice(0, flags.maxIds)) console.log(`  ${kind.padEnd(7)} ${describe(item)}`);
      if (items.length > flags.maxIds) console.log(`  ${kind.padEnd(7)} ... and ${items.length - flags.maxIds} more`);
    }
    if (afterRepair) console.log(`  repaired: ${driftSize(afterRepair.drift)} still drifted`);
  }
  const found = outcomes.reduce((sum, outcome) => sum + driftSize(outcome.check.drift), 0);
  printSummary(flags.repair ? 'reconcile --repair' : 'reconcile', [
    ['pairs checked', outcomes.filter((outcome) => !outcome.check.skipped).length],
    ['drift found', found],
    ...(flags.repair ? ([['drift remaining', remainingDrift(outcomes)]] as const) : []),
    ['time', formatDuration(ms)],
  ]);
}

function counts(check: PairCheck): string {
  if (check.skipped) return `skipped (${check.skipped})`;
  const drift = `${check.drift.missing.length} missing, ${check.drift.extra.length} extra, ${check.drift.stale.length} stale`;
  const pending = check.pending > 0 ? `, ${check.pending} in flight` : '';
  return `owner ${check.ownerCount}, projection ${check.projectionCount}${pending}: ${drift}`;
}

function describe(item: DriftItem): string {
  const versions = item.ownerVersion ?? item.projectionVersion;
  const version =
    versions === null ? '' : ` (v${item.ownerVersion ?? '-'} owner, v${item.projectionVersion ?? '-'} copy)`;
  const what = item.detail ?? (item.fields.length > 0 ? item.fields.join(', ') : '');
  return `${item.id}${what ? `  ${what}` : ''}${version}`;
}

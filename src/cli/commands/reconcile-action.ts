import {
  driftSize,
  Reconcile,
  remainingDrift,
  type DriftItem,
  type PairCheck,
  type PairOutcome,
} from '../../modules/reconcile';
import { scopeOf } from '../scope-options';
import { formatDuration, printSummary, runJob } from '../support';
import { DRIFT_EXIT_CODE } from './reconcile-exit';

/** What `polychat reconcile` was asked for. */
export interface ReconcileFlags {
  repair?: boolean;
  only?: string[];
  users?: string[];
  chats?: string[];
  settle: number;
  maxIds: number;
  json?: boolean;
}

/** `polychat reconcile [--repair]`: every owner store against every projection (every store connected). */
export async function reconcile(flags: ReconcileFlags): Promise<void> {
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

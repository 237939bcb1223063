import path from 'node:path';
import { ImportDataset, type StepReport } from '../../modules/datasets';
import {
  CliError,
  datasetDir,
  formatDuration,
  PROCESSED_DIR,
  printSummary,
  progressOf,
  rate,
  RAW_DIR,
  runJob,
  shown,
} from '../support';
import { existsSync } from 'node:fs';

/** What `polychat import` was asked for. */
export interface ImportFlags {
  batchSize: number;
  rejects?: string;
  restart?: boolean;
}

const line = (step: StepReport): string =>
  `${step.created} new, ${step.existing} present, ${step.rejected} rejected of ${step.lines} lines` +
  (step.alreadyDone ? ' (done before)' : step.resumedAfter > 0 ? ` (resumed after line ${step.resumedAfter})` : '');

/**
 * Where the rejected records are listed: only files that exist are named. Steps done by an
 * earlier run keep their counts, but their lists may have been removed or written elsewhere.
 */
function rejectsRow(steps: readonly StepReport[], rejectsDir: string): string {
  const rejected = steps.reduce((sum, step) => sum + step.rejected, 0);
  if (rejected === 0) return 'none';
  const listed = steps
    .filter((step) => step.rejected > 0 && existsSync(path.join(rejectsDir, `${step.entity}.rejects.jsonl`)))
    .reduce((sum, step) => sum + step.rejected, 0);
  const unlisted = rejected - listed;
  const earlier = `${unlisted} rejected by an earlier run, no longer listed in ${shown(rejectsDir)} (--restart lists them again)`;
  if (listed === 0) return earlier;
  return `${listed} in ${shown(rejectsDir)}${unlisted > 0 ? `; ${earlier}` : ''}`;
}

/** `polychat import <dir>`: a dataset into the owner stores, resumable and idempotent. */
export async function importDataset(dirArg: string, flags: ImportFlags): Promise<void> {
  const dir = datasetDir(dirArg, RAW_DIR);
  if (!existsSync(dir)) throw new CliError(`no dataset folder at ${dir}`);
  const rejectsDir = flags.rejects
    ? path.resolve(flags.rejects)
    : path.resolve(PROCESSED_DIR, 'rejects', path.basename(dir));
  const started = performance.now();
  const report = await runJob('import', {}, (context) =>
    context.booted.container.get(ImportDataset).run({
      dir,
      rejectsDir,
      batchSize: flags.batchSize,
      restart: flags.restart ?? false,
      signal: context.signal,
      progress: progressOf(context),
    }),
  );
  const ms = performance.now() - started;
  const written = report.steps.reduce((sum, step) => sum + step.created, 0);
  const rejected = report.steps.reduce((sum, step) => sum + step.rejected, 0);
  printSummary(`import: ${shown(dir)}`, [
    ...report.steps.map((step): [string, string] => [step.entity, line(step)]),
    ['time', `${formatDuration(ms)} (${rate(written, ms)} new records)`],
    ['rejects', rejectsRow(report.steps, rejectsDir)],
    ['trace id', report.traceId],
  ]);
  if (rejected > 0) process.exitCode = 2;
}

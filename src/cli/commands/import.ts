import path from 'node:path';
import type { Command } from 'commander';
import { ImportDataset, type StepReport } from '../../modules/datasets';
import {
  CliError,
  datasetDir,
  formatDuration,
  PROCESSED_DIR,
  positiveInt,
  printSummary,
  progressOf,
  rate,
  RAW_DIR,
  runJob,
  shown,
} from '../support';
import { existsSync } from 'node:fs';

interface ImportFlags {
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
    .action(async (dirArg: string, flags: ImportFlags) => {
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
    });
}

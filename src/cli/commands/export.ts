import type { Command } from 'commander';
import { ExportDataset } from '../../modules/datasets';
import { datasetDir, formatDuration, PROCESSED_DIR, printSummary, progressOf, rate, runJob, shown } from '../support';

/** `polychat export <dir>`: every entity streamed out in the import format, under data/processed. */
export function register(program: Command): void {
  program
    .command('export')
    .description('stream users, friendships, chats and messages out of the owner stores in the import format')
    .argument('<dir>', `output folder, or a name under ${PROCESSED_DIR}`)
    .action(async (dirArg: string) => {
      const dir = datasetDir(dirArg, PROCESSED_DIR);
      const started = performance.now();
      const manifest = await runJob('export', {}, (context) =>
        context.booted.container.get(ExportDataset).run({ dir, signal: context.signal, progress: progressOf(context) }),
      );
      const ms = performance.now() - started;
      const total = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
      printSummary(`export: ${shown(dir)}`, [
        ...Object.entries(manifest.counts).map(([entity, count]): [string, number] => [entity, count]),
        ['time', `${formatDuration(ms)} (${rate(total, ms)})`],
      ]);
    });
}

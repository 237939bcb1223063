import { ExportDataset } from '../../modules/datasets';
import { datasetDir, formatDuration, PROCESSED_DIR, printSummary, progressOf, rate, runJob, shown } from '../support';

/** `polychat export <dir>`: reads the owner stores (and Redis for the job's lease); no Kafka. */
export async function exportDataset(dirArg: string): Promise<void> {
  const dir = datasetDir(dirArg, PROCESSED_DIR);
  const started = performance.now();
  const stores = ['postgres', 'mongo', 'neo4j', 'redis'] as const;
  const manifest = await runJob('export', { stores }, (context) =>
    context.booted.container.get(ExportDataset).run({ dir, signal: context.signal, progress: progressOf(context) }),
  );
  const ms = performance.now() - started;
  const total = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
  printSummary(`export: ${shown(dir)}`, [
    ...Object.entries(manifest.counts).map(([entity, count]): [string, number] => [entity, count]),
    ['time', `${formatDuration(ms)} (${rate(total, ms)})`],
  ]);
}

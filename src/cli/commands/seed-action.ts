import { SeedDataset } from '../../modules/datasets';
import { datasetDir, formatDuration, printSummary, progressOf, RAW_DIR, runJob, shown } from '../support';

/** What `polychat seed` was asked for. */
export interface SeedFlags {
  users: number;
  seed: number;
  messages?: number;
  days: number;
  start: string;
  out?: string;
  password?: string;
}

/** `polychat seed`: writes the dataset (no store but Redis, for the job's lease on the folder). */
export async function seed(flags: SeedFlags): Promise<void> {
  const out = datasetDir(flags.out ?? `seed-u${flags.users}-s${flags.seed}`, RAW_DIR);
  const started = performance.now();
  const manifest = await runJob(`seed:${out}`, { stores: ['redis'] }, (context) =>
    context.booted.container.get(SeedDataset).run({
      out,
      users: flags.users,
      seed: flags.seed,
      messages: flags.messages ?? flags.users * 6,
      days: flags.days,
      start: flags.start,
      ...(flags.password ? { password: flags.password } : {}),
      progress: progressOf(context),
    }),
  );
  printSummary(`seed: ${shown(out)}`, [
    ...Object.entries(manifest.counts).map(([entity, count]): [string, number] => [entity, count]),
    ['time', formatDuration(performance.now() - started)],
  ]);
}

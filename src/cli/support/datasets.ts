import path from 'node:path';
import type { ProgressFactory } from '../../modules/datasets';
import type { JobContext } from './run-job';

/** Where datasets live: seed and import read data/raw, export writes data/processed. */
export const RAW_DIR = path.join('data', 'raw');
export const PROCESSED_DIR = path.join('data', 'processed');

/** A bare name means `<root>/<name>`; anything with a slash (or `.`) is a path as given. */
export function datasetDir(arg: string, root: string): string {
  return path.resolve(/[\\/]/.test(arg) || arg.startsWith('.') ? arg : path.join(root, arg));
}

/** The job's progress bars in the shape the datasets module draws on. */
export const progressOf =
  (context: JobContext): ProgressFactory =>
  (label, total, unit) => {
    const bar = context.progress({ label, total, unit });
    return { advance: (by) => bar.increment(by), done: () => bar.stop() };
  };

/** "12,345/s" from a count and milliseconds. */
export function rate(count: number, ms: number): string {
  return ms > 0 ? `${Math.round((count * 1000) / ms).toLocaleString('en-US')}/s` : '-';
}

/** A folder as the user best reads it: relative to the working directory when inside it. */
export function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

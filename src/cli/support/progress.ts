import { Presets, SingleBar } from 'cli-progress';

/** What a progress bar shows. */
export interface ProgressOptions {
  /** Shown before the bar, e.g. "messages". */
  readonly label: string;
  /** Units of work expected; 0 or missing when unknown (the bar then just counts). */
  readonly total?: number;
  /** What is counted: records (the default) or bytes of a file (shown in MB). */
  readonly unit?: 'records' | 'bytes';
}

/** A progress bar a command advances; every method is a no-op when stderr is not a TTY. */
export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

const silent: Progress = { increment: () => undefined, stop: () => undefined };

/**
 * A cli-progress bar on stderr (stdout stays clean for summaries and pipes), shown only on a
 * terminal: logs and CI output are not flooded with redraws.
 */
export function createProgress(options: ProgressOptions, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silent;
  const known = (options.total ?? 0) > 0;
  const bar = new SingleBar(
    {
      stream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      format: known
        ? `${options.label.padEnd(18)} {bar} {percentage}% | {shown} | {rate}/s | eta {eta_formatted}`
        : `${options.label.padEnd(18)} {shown} | {rate}/s | {duration_formatted}`,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let value = 0;
  const bytes = options.unit === 'bytes';
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  const shown = (n: number): string => {
    if (!bytes) return known ? `${n}/${options.total ?? 0}` : String(n);
    return known ? `${mb(n)}/${mb(options.total ?? 0)}` : mb(n);
  };
  const rateOf = (n: number, seconds: number): string =>
    seconds > 0 ? (bytes ? mb(n / seconds) : String(Math.round(n / seconds))) : '0';
  bar.start(options.total ?? 0, 0, { rate: '0', shown: shown(0) });
  let stopped = false;
  return {
    increment(by = 1) {
      value += by;
      const seconds = (Date.now() - started) / 1000;
      bar.increment(by, { rate: rateOf(value, seconds), shown: shown(value) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

import * as hdr from 'hdr-histogram-js';

/** A latency histogram in microseconds (hdr-histogram-js), reported in milliseconds. */
export class Latencies {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentile(p: number): number {
    return this.histogram.getValueAtPercentile(p) / 1000;
  }

  summary(): string {
    return `n=${this.count} p50=${this.percentile(50).toFixed(2)}ms p99=${this.percentile(99).toFixed(2)}ms max=${(this.histogram.maxValue / 1000).toFixed(2)}ms`;
  }
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight; returns elapsed ms. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const i = next;
        next += 1;
        await task(i);
      }
    }),
  );
  return performance.now() - started;
}

/** Polls `probe` every `everyMs` until it resolves true; returns when it did (performance.now()). */
export async function firstSeen(probe: () => Promise<boolean>, everyMs: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return performance.now();
    if (performance.now() > deadline) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const rate = (count: number, ms: number): string => `${((count * 1000) / ms).toFixed(1)}/s`;

/** One line of a summary: a label and its value (numbers are printed with thousands separators). */
export type SummaryRow = readonly [label: string, value: string | number];

/** Formats a command's closing summary: a title line, then aligned `label  value` rows. */
export function formatSummary(title: string, rows: readonly SummaryRow[]): string {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  const lines = rows.map(
    ([label, value]) =>
      `  ${label.padEnd(width)}  ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`,
  );
  return [title, ...lines].join('\n');
}

/** Prints the summary to stdout, the stream scripts and tests read. */
export function printSummary(title: string, rows: readonly SummaryRow[]): void {
  process.stdout.write(`${formatSummary(title, rows)}\n`);
}

/** "12.3 s", "850 ms": a duration a person reads at a glance. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

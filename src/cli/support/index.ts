/**
 * How to write a `npx polychat` command: add src/cli/commands/<name>.ts exporting
 * `register(program: Command)`, which declares the command with commander (a `.description()` and
 * options using the parsers in ./options, so `--help` and bad-argument messages come for free).
 * That file stays cheap: it imports commander, ./options, ./datasets and pure constants only, never
 * this index (which loads `runJob` and with it every driver), so `--help` and `--version` load
 * no driver and reach no store (decision record 0024). Its action `require`s the implementation,
 * src/cli/commands/<name>-action.ts, when the command runs. The implementation calls
 * `runJob('<name>', { stores }, async ({ booted, signal, progress }) => ...)`: `runJob` boots the
 * container like the app but connects only `stores` (all when omitted; never open your own
 * connections: get clients and use cases from `booted.container`), holds a Redis lease named after
 * the job so two runs never overlap (pass `{ exclusive: false }` for read-only commands or ones
 * that need no lease, and leave Redis out of `stores` then), renews it while the work runs, and
 * always releases it and shuts down. Inside the work, check `signal` between batches (Ctrl-C and a
 * lost lease abort it), drive a `progress({ label, total })` bar for anything long (stderr, off
 * when not a TTY), and end with `printSummary(title, rows)` on stdout. Throw `CliError(message,
 * exitCode)` for expected failures (printed without a stack), or set `process.exitCode` when the
 * command finished but must report failure (e.g. drift remains). Finally add one `register` line
 * to src/cli/main.ts.
 */
export { CliError } from './cli-error';
export { datasetDir, PROCESSED_DIR, progressOf, rate, RAW_DIR, shown } from './datasets';
export { nonNegativeInt, oneOf, positiveInt } from './options';
export { createProgress, type Progress, type ProgressOptions } from './progress';
export { JobAlreadyRunningError, runJob, type JobContext, type JobOptions } from './run-job';
export { formatDuration, formatSummary, printSummary, type SummaryRow } from './summary';

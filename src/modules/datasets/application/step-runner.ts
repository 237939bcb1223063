import type { Reject } from '../domain/reject';
import type { Entity } from '../domain/records';
import type { RecordOf } from './records';
import { parseLine } from './parse-line';
import type { CheckpointStore, DatasetFiles, OpenRejects, ProgressFactory } from './ports';
import type { ReferenceCheck } from './reference-book';

/** A valid line waiting in a batch. */
export interface PendingRecord<E extends Entity> {
  readonly record: RecordOf[E];
  readonly line: number;
  readonly raw: string;
}

/** What writing a batch did; `rejects` are records the store refused. */
export interface BatchResult {
  readonly created: number;
  readonly existing: number;
  readonly rejects: readonly Reject[];
}

/** How one entity file is imported. */
export interface StepPlan<E extends Entity> {
  readonly entity: E;
  readonly path: string;
  readonly check: ReferenceCheck<E>;
  /** Writes a batch through the owning module; absent for a read-only pass. */
  readonly write?: (batch: readonly PendingRecord<E>[]) => Promise<BatchResult>;
  /** The files this one refers to: a change in any of them makes this file's checkpoint a new one. */
  readonly dependsOn?: readonly string[];
  /** Read the whole file even if its checkpoint says done (later files need what it holds). */
  readonly replayDone?: boolean;
  /** Label of the progress bar. */
  readonly label: string;
}

/** What happened to one file, over every run so far. */
export interface StepReport {
  readonly entity: Entity;
  readonly lines: number;
  readonly created: number;
  readonly existing: number;
  readonly rejected: number;
  /** The line this run started writing after (0 for a fresh start). */
  readonly resumedAfter: number;
  /** True when an earlier run had finished the file. */
  readonly alreadyDone: boolean;
  readonly rejectsPath: string | undefined;
}

/** What a step needs from outside. */
export interface StepContext {
  readonly files: DatasetFiles;
  readonly checkpoints: CheckpointStore;
  readonly openRejects: OpenRejects;
  readonly rejectsDir: string;
  readonly batchSize: number;
  readonly restart: boolean;
  readonly signal: AbortSignal | undefined;
  readonly progress: ProgressFactory;
}

/**
 * The checkpoint key of a file: its entity and fingerprint, and the fingerprints of the files it
 * refers to ('-' for a missing one), so that fixing a users file and running again re-imports the
 * friendships, chats and messages it had made fail instead of skipping them as done.
 */
export async function checkpointKey(
  files: DatasetFiles,
  entity: Entity,
  filePath: string,
  dependsOn: readonly string[] = [],
): Promise<string> {
  const upstream = await Promise.all(
    dependsOn.map(async (other) => ((await files.size(other)) === undefined ? '-' : files.fingerprint(other))),
  );
  return [`${entity}:${await files.fingerprint(filePath)}`, ...upstream].join('+');
}

/**
 * Streams an entity file line by line through parse and reference checks. Lines a checkpoint
 * covers are only checked again (so the books fill up exactly as before); later lines go out in
 * batches, and after each batch its rejects are appended and the checkpoint advances. Killed at
 * any point, the next run cuts the rejects back to the checkpoint and redoes at most one batch,
 * which the owning modules treat as already present.
 */
export async function runStep<E extends Entity>(plan: StepPlan<E>, ctx: StepContext): Promise<StepReport> {
  const size = await ctx.files.size(plan.path);
  const empty: StepReport = {
    entity: plan.entity,
    lines: 0,
    created: 0,
    existing: 0,
    rejected: 0,
    resumedAfter: 0,
    alreadyDone: false,
    rejectsPath: undefined,
  };
  if (size === undefined) return empty;
  const key = await checkpointKey(ctx.files, plan.entity, plan.path, plan.dependsOn);
  if (ctx.restart && plan.write) await ctx.checkpoints.clear(key);
  const start = plan.write ? await ctx.checkpoints.load(key) : undefined;
  const counts = {
    line: start?.line ?? 0,
    created: start?.created ?? 0,
    existing: start?.existing ?? 0,
    rejected: start?.rejected ?? 0,
  };
  const report = (rejectsPath: string | undefined): StepReport => ({
    entity: plan.entity,
    lines: counts.line,
    created: counts.created,
    existing: counts.existing,
    rejected: counts.rejected,
    resumedAfter: start?.line ?? 0,
    alreadyDone: start?.done ?? false,
    rejectsPath,
  });
  if (start?.done && !plan.replayDone) return report(undefined);
  const writing = plan.write && !start?.done ? plan.write : undefined;
  const rejects = writing ? await ctx.openRejects(ctx.rejectsDir, plan.entity, start?.rejectsBytes ?? 0) : undefined;
  const ticker = ctx.progress(plan.label, size, 'bytes');
  let batch: PendingRecord<E>[] = [];
  let pendingRejects: Reject[] = [];
  let rejectsBytes = start?.rejectsBytes ?? 0;
  const flush = async (upTo: number, done: boolean): Promise<void> => {
    if (!writing || !rejects) return;
    const result = batch.length > 0 ? await writing(batch) : { created: 0, existing: 0, rejects: [] };
    const all = [...pendingRejects, ...result.rejects].sort((a, b) => a.line - b.line);
    if (all.length > 0) rejectsBytes = await rejects.append(all);
    counts.created += result.created;
    counts.existing += result.existing;
    counts.rejected += all.length;
    counts.line = upTo;
    await ctx.checkpoints.save({ key, entity: plan.entity, file: plan.path, rejectsBytes, done, ...counts });
    batch = [];
    pendingRejects = [];
    if (ctx.signal?.aborted) throw ctx.signal.reason;
  };
  try {
    let line = 0;
    for await (const { text, bytes } of ctx.files.lines(plan.path)) {
      line += 1;
      ticker.advance(bytes);
      const parsed = parseLine(plan.entity, text, line);
      if (parsed.kind === 'blank') continue;
      const reject = parsed.kind === 'reject' ? parsed.reject : plan.check(parsed.record, line, text);
      if (!writing || line <= (start?.line ?? 0)) continue;
      if (reject) pendingRejects.push(reject);
      else if (parsed.kind === 'record') batch.push({ record: parsed.record, line, raw: text });
      if (batch.length + pendingRejects.length >= ctx.batchSize) await flush(line, false);
    }
    if (writing) await flush(Math.max(line, counts.line), true);
    return report(rejects?.path);
  } finally {
    ticker.done();
    await rejects?.close();
  }
}

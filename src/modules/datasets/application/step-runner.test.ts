import assert from 'node:assert/strict';
import type { Reject } from '../domain/reject';
import type { Checkpoint, CheckpointStore, DatasetFiles, OpenRejects } from './ports';
import { noProgress } from './ports';
import { UserBook } from './reference-book';
import { runStep, type PendingRecord, type StepContext } from './step-runner';

const user = (n: number): string =>
  JSON.stringify({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    username: `user${n}`,
    email: `user${n}@example.com`,
    displayName: `User ${n}`,
    createdAt: '2026-01-05T00:00:00.000Z',
  });

/** In-memory files, checkpoints and rejects: what runStep does with them, without disks or stores. */
function fakes(lines: string[]) {
  const saved = new Map<string, Checkpoint>();
  const rejectsFile: string[] = [];
  const files = {
    size: async () => lines.join('\n').length,
    fingerprint: async () => 'f',
    async *lines() {
      for (const text of lines) yield { text, bytes: text.length + 1 };
    },
  } as unknown as DatasetFiles;
  const checkpoints: CheckpointStore = {
    load: async (key) => saved.get(key),
    save: async (checkpoint) => void saved.set(checkpoint.key, checkpoint),
    clear: async (key) => void saved.delete(key),
  };
  const openRejects: OpenRejects = async (_dir, _entity, keepBytes) => {
    rejectsFile.splice(keepBytes);
    return {
      path: 'rejects',
      append: async (rejects: readonly Reject[]) => rejectsFile.push(...rejects.map((reject) => `${reject.line}`)),
      close: async () => undefined,
    };
  };
  const ctx = (signal?: AbortSignal): StepContext => ({
    files,
    checkpoints,
    openRejects,
    rejectsDir: '',
    batchSize: 2,
    restart: false,
    signal,
    progress: noProgress,
  });
  return { saved, rejectsFile, ctx };
}

describe('runStep', () => {
  const lines = [user(1), 'nope', user(2), user(1), user(3), user(4), user(5)];

  it('writes valid lines in batches, rejects the rest, and checkpoints each batch', async () => {
    const { saved, rejectsFile, ctx } = fakes(lines);
    const written: number[] = [];
    const write = async (batch: readonly PendingRecord<'users'>[]) => {
      written.push(...batch.map((pending) => pending.line));
      return { created: batch.length, existing: 0, rejects: [] };
    };
    const report = await runStep(
      { entity: 'users', path: 'users.jsonl', check: new UserBook().check, write, label: 'users' },
      ctx(),
    );
    assert.deepEqual(written, [1, 3, 5, 6, 7]);
    assert.deepEqual(rejectsFile, ['2', '4']);
    assert.deepEqual([report.created, report.rejected, report.lines], [5, 2, 7]);
    assert.equal(saved.get('users:f')?.done, true);
  });

  it('resumes after the last checkpoint: earlier lines are only checked again, later ones written once', async () => {
    const { rejectsFile, ctx } = fakes(lines);
    const controller = new AbortController();
    const firstRun: number[] = [];
    const write = (sink: number[]) => async (batch: readonly PendingRecord<'users'>[]) => {
      sink.push(...batch.map((pending) => pending.line));
      if (sink.length >= 2) controller.abort(new Error('killed'));
      return { created: batch.length, existing: 0, rejects: [] };
    };
    const plan = (sink: number[]) => ({
      entity: 'users' as const,
      path: 'users.jsonl',
      check: new UserBook().check,
      write: write(sink),
      label: 'users',
    });
    await assert.rejects(runStep(plan(firstRun), ctx(controller.signal)), /killed/);
    const secondRun: number[] = [];
    const report = await runStep(plan(secondRun), ctx());
    assert.deepEqual([...firstRun, ...secondRun], [1, 3, 5, 6, 7]);
    assert.deepEqual(rejectsFile, ['2', '4'], 'the duplicate on line 4 is still found after the resume');
    assert.equal(report.resumedAfter, 4);
  });
});

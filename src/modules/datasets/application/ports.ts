import type { Reject } from '../domain/reject';
import type { Entity } from '../domain/records';

/** One line of a file and its size in bytes (for progress). */
export interface FileLine {
  readonly text: string;
  readonly bytes: number;
}

/** Reading and writing dataset files (JSONL, one record per line). */
export interface DatasetFiles {
  /** Size in bytes, or undefined when the file does not exist. */
  size(path: string): Promise<number | undefined>;
  /** A digest of the file's size, head and tail: the same file gets the same checkpoints. */
  fingerprint(path: string): Promise<string>;
  lines(path: string): AsyncIterable<FileLine>;
  /** Writes records as JSON lines to `path` (through a temporary file renamed at the end). */
  writeLines(path: string, records: AsyncIterable<unknown> | Iterable<unknown>, onRecord?: () => void): Promise<number>;
  writeJson(path: string, value: unknown): Promise<void>;
  readJson(path: string): Promise<unknown>;
  ensureDir(path: string): Promise<void>;
}

/** Where a file's import got to: lines done, rejects written, counts so far. */
export interface Checkpoint {
  /**
   * `<entity>:<file fingerprint>`, plus `+<fingerprint>` of each file it refers to (users for
   * friendships and chats; users and chats for messages): a fixed users file re-opens the files
   * whose records were rejected for want of those users.
   */
  readonly key: string;
  readonly entity: Entity;
  readonly file: string;
  /** Lines fully handled (written, found present, or rejected). */
  readonly line: number;
  /** Size of the rejects file after those lines: a resumed run cuts it back to this. */
  readonly rejectsBytes: number;
  readonly created: number;
  readonly existing: number;
  readonly rejected: number;
  readonly done: boolean;
}

/** Checkpoints live with the data they describe (in the target stores), not with the files. */
export interface CheckpointStore {
  load(key: string): Promise<Checkpoint | undefined>;
  save(checkpoint: Checkpoint): Promise<void>;
  clear(key: string): Promise<void>;
}

/** The rejects file of one entity, open for appending. */
export interface RejectsFile {
  readonly path: string;
  /** Appends the rejects and returns the file's size after them. */
  append(rejects: readonly Reject[]): Promise<number>;
  close(): Promise<void>;
}

/** Opens `<dir>/<entity>.rejects.jsonl`, cut back to `keepBytes` (what the checkpoint covers). */
export type OpenRejects = (dir: string, entity: Entity, keepBytes: number) => Promise<RejectsFile>;

/** A progress bar the caller draws: started with a label and a total, advanced as work is done. */
export interface ProgressTicker {
  advance(by: number): void;
  done(): void;
}
export type ProgressFactory = (label: string, total: number, unit?: 'records' | 'bytes') => ProgressTicker;

/** A ticker that shows nothing. */
export const noProgress: ProgressFactory = () => ({ advance: () => undefined, done: () => undefined });

export const DATASET_FILES = Symbol.for('polychat.datasets.DatasetFiles');
export const CHECKPOINT_STORE = Symbol.for('polychat.datasets.CheckpointStore');
export const OPEN_REJECTS = Symbol.for('polychat.datasets.OpenRejects');

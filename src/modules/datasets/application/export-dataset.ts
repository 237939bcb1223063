import path from 'node:path';
import { inject, injectable } from 'inversify';
import { ExportChats } from '../../chats';
import { ExportFriendships } from '../../friends';
import { ExportUsers, ImportUsers } from '../../users';
import { fileNameOf, type DatasetManifest, type Entity } from '../domain/records';
import type { DatasetFriendship } from './records';
import { DATASET_FILES, noProgress, type DatasetFiles, type ProgressFactory } from './ports';

export interface ExportOptions {
  readonly dir: string;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressFactory;
}

/** Users per friendship query: each pair is read once, from its smaller id. */
const PAGE = 1000;

/**
 * Streams every entity out of its owner store into a dataset folder in the import format (each
 * file through a cursor or pages, never the whole store in memory), so importing the result
 * gives the same records back. Friendships are those between live users of this environment.
 */
@injectable()
export class ExportDataset {
  constructor(
    @inject(ExportUsers) private readonly users: ExportUsers,
    @inject(ImportUsers) private readonly liveUsers: ImportUsers,
    @inject(ExportFriendships) private readonly friendships: ExportFriendships,
    @inject(ExportChats) private readonly chats: ExportChats,
    @inject(DATASET_FILES) private readonly files: DatasetFiles,
  ) {}

  async run(options: ExportOptions): Promise<DatasetManifest> {
    const progress = options.progress ?? noProgress;
    const totals = await this.chats.counts();
    const write = async (entity: Entity, records: AsyncIterable<unknown>, total: number): Promise<number> => {
      const ticker = progress(entity, total);
      try {
        return await this.files.writeLines(path.join(options.dir, fileNameOf(entity)), records, () => {
          ticker.advance(1);
          if (options.signal?.aborted) throw options.signal.reason;
        });
      } finally {
        ticker.done();
      }
    };
    await this.files.ensureDir(options.dir);
    const counts: Record<Entity, number> = {
      users: await write('users', this.users.all(PAGE), 0),
      friendships: await write('friendships', this.allFriendships(), 0),
      chats: await write('chats', this.chats.chats(), totals.chats),
      messages: await write('messages', this.chats.messages(), totals.messages),
    };
    const manifest: DatasetManifest = {
      format: 'polychat-dataset',
      version: 1,
      source: { exportedBy: 'polychat export', exportedAt: new Date().toISOString() },
      counts,
    };
    await this.files.writeJson(path.join(options.dir, 'manifest.json'), manifest);
    return manifest;
  }

  private async *allFriendships(): AsyncGenerator<DatasetFriendship> {
    let page: string[] = [];
    const flush = async (): Promise<DatasetFriendship[]> => {
      const pairs = await this.friendships.from(page);
      page = [];
      const live = await this.liveUsers.liveIds([...new Set(pairs.map((pair) => pair.friendId))]);
      return pairs.filter((pair) => live.has(pair.friendId));
    };
    for await (const user of this.users.all(PAGE)) {
      page.push(user.id);
      if (page.length >= PAGE) yield* await flush();
    }
    if (page.length > 0) yield* await flush();
  }
}

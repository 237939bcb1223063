import fs from 'node:fs/promises';
import path from 'node:path';
import type { OpenRejects, RejectsFile } from '../application/ports';

/**
 * `<dir>/<entity>.rejects.jsonl`, cut back to what the checkpoint covers and then appended to
 * (flushed to disk before the checkpoint moves past the lines it lists). Nothing is created until
 * there is a reject to write.
 */
export const openRejectsFile: OpenRejects = async (dir, entity, keepBytes): Promise<RejectsFile> => {
  const filePath = path.join(dir, `${entity}.rejects.jsonl`);
  let size = keepBytes;
  if (keepBytes === 0) await fs.rm(filePath, { force: true });
  else
    await fs.truncate(filePath, keepBytes).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      size = 0; // removed by hand: the rejects of earlier runs are gone with it
    });
  let handle: fs.FileHandle | undefined;
  return {
    path: filePath,
    async append(rejects) {
      if (!handle) {
        await fs.mkdir(dir, { recursive: true });
        handle = await fs.open(filePath, 'a');
      }
      const text = rejects.map((reject) => `${JSON.stringify(reject)}\n`).join('');
      await handle.write(text);
      await handle.sync();
      size += Buffer.byteLength(text);
      return size;
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
  };
};

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { once } from 'node:events';
import { injectable } from 'inversify';
import type { DatasetFiles, FileLine } from '../application/ports';

/** How much of each end of a file its fingerprint reads. */
const EDGE = 64 * 1024;

/** Dataset files on the local disk: streamed line by line, written through temporary files. */
@injectable()
export class LocalDatasetFiles implements DatasetFiles {
  async size(filePath: string): Promise<number | undefined> {
    try {
      return (await fs.stat(filePath)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async fingerprint(filePath: string): Promise<string> {
    const handle = await fs.open(filePath, 'r');
    try {
      const { size } = await handle.stat();
      const hash = createHash('sha256').update(String(size));
      for (const position of size > 2 * EDGE ? [0, size - EDGE] : [0]) {
        const buffer = Buffer.alloc(Math.min(size, size > 2 * EDGE ? EDGE : size));
        await handle.read(buffer, 0, buffer.length, position);
        hash.update(buffer);
      }
      return hash.digest('hex').slice(0, 32);
    } finally {
      await handle.close();
    }
  }

  async *lines(filePath: string): AsyncGenerator<FileLine> {
    const input = createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
    const reader = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const text of reader) yield { text, bytes: Buffer.byteLength(text) + 1 };
    } finally {
      reader.close();
      input.destroy();
    }
  }

  async writeLines(
    filePath: string,
    records: AsyncIterable<unknown> | Iterable<unknown>,
    onRecord?: () => void,
  ): Promise<number> {
    await this.ensureDir(path.dirname(filePath));
    const partial = `${filePath}.partial`;
    const out = createWriteStream(partial, { encoding: 'utf8' });
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    let count = 0;
    try {
      for await (const record of records) {
        if (!out.write(`${JSON.stringify(record)}\n`)) await Promise.race([once(out, 'drain'), failed]);
        count += 1;
        onRecord?.();
      }
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    } catch (error) {
      out.destroy();
      await fs.rm(partial, { force: true });
      throw error;
    }
    await fs.rename(partial, filePath);
    return count;
  }

  async writeJson(filePath: string, value: unknown): Promise<void> {
    await this.ensureDir(path.dirname(filePath));
    await fs.writeFile(`${filePath}.partial`, `${JSON.stringify(value, null, 2)}\n`);
    await fs.rename(`${filePath}.partial`, filePath);
  }

  async readJson(filePath: string): Promise<unknown> {
    return JSON.parse(await fs.readFile(filePath, 'utf8')) as unknown;
  }

  async ensureDir(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }
}

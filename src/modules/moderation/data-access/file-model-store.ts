import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelStore } from '../application/ports';

const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const VERSION = /^v\d{1,6}$/;

/**
 * Models on disk: `<dir>/<name>/<version>/model.json` and `<dir>/<name>/CURRENT` (one line, the
 * version in use). Promotion rewrites CURRENT atomically (temp file + rename), so a reader sees the
 * old or the new version, never half a file.
 */
export class FileModelStore implements ModelStore {
  constructor(readonly dir: string) {}

  async current(name: string): Promise<{ version: string } | undefined> {
    try {
      const version = (await readFile(this.currentFile(name), 'utf8')).trim();
      return VERSION.test(version) ? { version } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  read(name: string, version: string): Promise<string> {
    return readFile(path.join(this.versionDir(name, version), 'model.json'), 'utf8');
  }

  async versions(name: string): Promise<string[]> {
    checkName(name);
    let entries: string[];
    try {
      entries = await readdir(path.join(this.dir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries.filter((entry) => VERSION.test(entry)).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  async evaluation(name: string, version: string): Promise<unknown> {
    return JSON.parse(await readFile(path.join(this.versionDir(name, version), 'evaluation.json'), 'utf8')) as unknown;
  }

  async promote(name: string, version: string): Promise<void> {
    await stat(path.join(this.versionDir(name, version), 'model.json')); // refuses a version that is not there
    const file = this.currentFile(name);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${version}\n`, 'utf8');
    await rename(temp, file);
  }

  private currentFile(name: string): string {
    checkName(name);
    return path.join(this.dir, name, 'CURRENT');
  }

  private versionDir(name: string, version: string): string {
    checkName(name);
    if (!VERSION.test(version)) throw new Error(`not a model version: ${version} (v1, v2, …)`);
    return path.join(this.dir, name, version);
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`not a model name: ${name}`);
}

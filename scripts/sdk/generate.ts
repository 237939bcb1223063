/**
 * `npm run sdk:generate`: writes the SDK's generated files (see generated-files.ts).
 * `npm run sdk:generate -- --check`: writes nothing, exits 1 naming every stale file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedFiles, REPO_ROOT } from './generated-files';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of Object.entries(await generatedFiles())) {
    const target = path.join(REPO_ROOT, file);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === content) continue;
    stale.push(file);
    if (!check) await writeFile(target, content);
  }
  if (check && stale.length > 0) {
    console.error(`stale: ${stale.join(', ')}; run npm run sdk:generate`);
    process.exitCode = 1;
    return;
  }
  console.log(stale.length === 0 ? 'SDK files up to date' : `wrote ${stale.join(', ')}`);
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

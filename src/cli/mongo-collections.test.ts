import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mongoCollections } from '../../migrations/mongo';

/** Every TypeScript source file under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The collection names the code names: `collection('x')`, `collection<T>('x')`, `{ collection: 'x' }`, `COLLECTION = 'x'`. */
const NAMED = [/\.collection(?:<\w+>)?\('([a-z_]+)'\)/g, /\bcollection: '([a-z_]+)'/g, /_COLLECTION = '([a-z_]+)'/g];

describe('MongoDB collections', () => {
  it('are all created by the migrations, none on a first write', () => {
    const named = new Set<string>();
    for (const file of sources(path.resolve(__dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of NAMED) for (const match of text.matchAll(pattern)) named.add(match[1] as string);
    }
    assert.ok(named.has('messages') && named.has('moderation_chat_roles'), 'the scan finds the collections');
    assert.deepEqual(
      [...named].filter((name) => !mongoCollections.includes(name)),
      [],
      'add these to mongoCollections (migrations/mongo.ts)',
    );
  });
});

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../platform/logger';
import { CurrentModels } from '../application/current-models';
import { FileModelStore } from './file-model-store';

const shipped = path.resolve(__dirname, '../../../../data/models/spam');
const silent = { info: () => undefined, error: () => undefined } as unknown as Logger;

/** A models dir with the shipped version as v1 and a copy of it, re-versioned and re-weighted, as v2. */
async function modelsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'polychat-models-'));
  const version = (await readFile(path.join(shipped, 'CURRENT'), 'utf8')).trim();
  await cp(path.join(shipped, version), path.join(dir, 'spam', 'v1'), { recursive: true });
  const model = JSON.parse(await readFile(path.join(dir, 'spam', 'v1', 'model.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await cp(path.join(dir, 'spam', 'v1'), path.join(dir, 'spam', 'v2'), { recursive: true });
  await writeFile(path.join(dir, 'spam', 'v1', 'model.json'), JSON.stringify({ ...model, version: 'v1' }));
  await writeFile(
    path.join(dir, 'spam', 'v2', 'model.json'),
    JSON.stringify({ ...model, version: 'v2', intercept: 50 }),
  );
  return dir;
}

describe('CurrentModels', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await modelsDir();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('has no model before one is promoted', async () => {
    const models = new CurrentModels(new FileModelStore(dir), 10, silent);
    assert.equal(await models.get('spam'), undefined);
  });

  it('loads the promoted version and swaps in a newly promoted one without a restart', async () => {
    const store = new FileModelStore(dir);
    await store.promote('spam', 'v1');
    const models = new CurrentModels(store, 1, silent);
    assert.equal((await models.get('spam'))?.version, 'v1');
    await store.promote('spam', 'v2');
    await models.check('spam');
    const model = await models.get('spam');
    assert.equal(model?.version, 'v2');
    assert.ok((model?.score('hello') ?? 0) > 0.99, 'the new weights are in use');
  });

  it('keeps the loaded version when the promoted one is broken', async () => {
    const store = new FileModelStore(dir);
    await store.promote('spam', 'v1');
    const models = new CurrentModels(store, 1, silent);
    await models.get('spam');
    await writeFile(path.join(dir, 'spam', 'v2', 'model.json'), '{"format":"nope"}');
    await store.promote('spam', 'v2');
    await models.check('spam');
    assert.equal((await models.get('spam'))?.version, 'v1');
  });

  it('withdraws the model when CURRENT is removed', async () => {
    const store = new FileModelStore(dir);
    await store.promote('spam', 'v1');
    const models = new CurrentModels(store, 1, silent);
    assert.equal((await models.get('spam'))?.version, 'v1');
    await rm(path.join(dir, 'spam', 'CURRENT'));
    await models.check('spam');
    assert.equal(await models.get('spam'), undefined);
  });

  it('refuses to promote a version that does not exist', async () => {
    await assert.rejects(new FileModelStore(dir).promote('spam', 'v9'), /ENOENT/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../config';
import { LinkModel } from '../modules/friends';
import { cliEnv, runCli } from '../testing/cli';
import { testConfig } from '../testing/config';

interface Evaluation {
  rocAuc: number;
  heldOut: { size: number; spam: number };
  atFlag: Record<string, unknown>;
  atHold: Record<string, unknown>;
  thresholds: unknown;
}

const shipped = path.join(repoRoot, 'data', 'models', 'spam');
const read = async (file: string): Promise<Evaluation> => JSON.parse(await readFile(file, 'utf8')) as Evaluation;

/** Numbers to 3 decimals, the reproducibility bar. */
const rounded = (value: unknown): unknown =>
  typeof value === 'number'
    ? Math.round(value * 1000) / 1000
    : Array.isArray(value)
      ? value.map(rounded)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]))
        : value;

describe('polychat ml (integration: the project venv, the corpus package, scikit-learn)', function () {
  this.timeout(900_000); // the first run on a machine creates scripts/ml/.venv from PyPI
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'polychat-ml-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('`ml train spam` reproduces the shipped current model: same held-out metrics to 3 decimals', async () => {
    const env = cliEnv(testConfig(), { ML_MODELS_DIR: dir });
    const trained = await runCli(env, ['ml', 'train', 'spam', '--promote']);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /ml train spam: v1 \(now current\)/);
    const current = (await readFile(path.join(shipped, 'CURRENT'), 'utf8')).trim();
    const ours = await read(path.join(dir, 'spam', 'v1', 'evaluation.json'));
    const theirs = await read(path.join(shipped, current, 'evaluation.json'));
    assert.ok(ours.rocAuc >= 0.98, `held-out ROC AUC ${ours.rocAuc}`);
    for (const key of ['rocAuc', 'heldOut', 'atFlag', 'atHold', 'thresholds'] as const)
      assert.deepEqual(rounded(ours[key]), rounded(theirs[key]), key);
    assert.equal((await readFile(path.join(dir, 'spam', 'CURRENT'), 'utf8')).trim(), 'v1');
    const card = await readFile(path.join(dir, 'spam', 'v1', 'MODEL_CARD.md'), 'utf8');
    for (const section of ['Data and licence', 'Held-out evaluation', 'Intended use', 'Known failure modes'])
      assert.ok(card.includes(section), section);

    const listed = await runCli(env, ['ml', 'list', 'spam']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /v1 \(current\)\s+ROC AUC 0\.99/);
    const missing = await runCli(env, ['ml', 'promote', 'spam', 'v7']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no version v7 of spam/);
    const unknown = await runCli(env, ['ml', 'train', 'toxicity']);
    assert.match(unknown.stderr, /no trainer for model "toxicity"/);
  });

  it('`ml train links` reproduces the shipped current links model: same evaluation to 3 decimals', async () => {
    const env = cliEnv(testConfig(), { ML_MODELS_DIR: dir });
    const trained = await runCli(env, ['ml', 'train', 'links']);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /ml train links: v1\n/);
    assert.match(trained.stdout, /winner\s+model/);
    const shippedLinks = path.join(repoRoot, 'data', 'models', 'links');
    const current = (await readFile(path.join(shippedLinks, 'CURRENT'), 'utf8')).trim();
    const ours = JSON.parse(await readFile(path.join(dir, 'links', 'v1', 'evaluation.json'), 'utf8')) as object;
    const theirs = JSON.parse(await readFile(path.join(shippedLinks, current, 'evaluation.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(rounded({ ...ours, version: current }), rounded(theirs));
    const model = JSON.parse(await readFile(path.join(dir, 'links', 'v1', 'model.json'), 'utf8')) as object;
    LinkModel.parse(JSON.stringify(model)); // the format the friends module serves
    const card = await readFile(path.join(dir, 'links', 'v1', 'MODEL_CARD.md'), 'utf8');
    for (const section of ['Data and licence', 'Held-out evaluation', 'Intended use', 'Known failure modes'])
      assert.ok(card.includes(section), section);
    const listed = await runCli(env, ['ml', 'list', 'links']);
    assert.match(listed.stdout, /v1\s+precision@10 0\.0181 \(formula 0\.0050\)/);
  });

  it('`ml train abuse` exports the shipped current abuse model: the same weights, checked against the package', async () => {
    const env = cliEnv(testConfig(), { ML_MODELS_DIR: dir });
    const trained = await runCli(env, ['ml', 'train', 'abuse']);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /exported from\s+alt-profanity-check==1\.9\.1/);
    const shippedAbuse = path.join(repoRoot, 'data', 'models', 'abuse');
    const current = (await readFile(path.join(shippedAbuse, 'CURRENT'), 'utf8')).trim();
    const training = async (base: string, version: string) =>
      JSON.parse(await readFile(path.join(base, version, 'training.json'), 'utf8')) as { modelSha256: string };
    const ours = await training(path.join(dir, 'abuse'), 'v1');
    assert.equal(current, 'v1', 'compared by hash: the shipped version is v1');
    assert.equal(ours.modelSha256, (await training(shippedAbuse, current)).modelSha256);
    const evaluation = JSON.parse(await readFile(path.join(dir, 'abuse', 'v1', 'evaluation.json'), 'utf8')) as {
      fidelity: { maxAbsDiff: number };
    };
    assert.ok(evaluation.fidelity.maxAbsDiff <= 1e-9);
    const card = await readFile(path.join(dir, 'abuse', 'v1', 'MODEL_CARD.md'), 'utf8');
    for (const section of ['Data and licence', 'Held-out evaluation', 'Intended use', 'Known failure modes'])
      assert.ok(card.includes(section), section);
  });
});

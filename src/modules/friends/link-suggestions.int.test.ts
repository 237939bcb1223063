import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../config';
import { eventually } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { startFriendsApp, type FriendsApp, type GraphUser } from '../../testing/friends';
import { LINK_FEATURES, LinkModel, type LinkFeature } from './domain/link-model';

interface Ranked {
  items: { user: { displayName: string }; mutualCount: number; sharedChats: number; score: number }[];
  ranker: string;
}

/** A links model that weighs one raw feature only (standardisation left out: means 0, scales 1). */
const oneFeature = (version: string, feature: LinkFeature) => ({
  name: 'links',
  version,
  format: 'polychat.link-logreg/1',
  features: LINK_FEATURES,
  means: LINK_FEATURES.map(() => 0),
  scales: LINK_FEATURES.map(() => 1),
  coef: LINK_FEATURES.map((f) => (f === feature ? 1 : 0)),
  intercept: 0,
});

/**
 * Me's friends F1, F2. A is a friend of F1 and F2 only (2 mutual friends, degree 2); B is a friend
 * of F1 and of K1, K2, K3 (1 mutual friend, degree 4). The formula ranks A first; a model that
 * weighs the candidate's degree ranks B first.
 */
describe('learned friend suggestions (integration)', function () {
  this.timeout(180_000);
  let f: FriendsApp;
  let dir: string;
  const u: Record<string, GraphUser> = {};

  const suggestions = async () => {
    const res = await f.call<Ranked>(u['Me']!, 'GET', '/v1/friends/suggestions');
    assert.equal(res.status, 200);
    return res.body;
  };
  const promote = (version: string) => writeFile(path.join(dir, 'links', 'CURRENT'), `${version}\n`);
  const rankedBy = (ranker: string) =>
    eventually(`suggestions ranked by ${ranker}`, suggestions, (body) => body.ranker === ranker, 30_000);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'polychat-links-'));
    for (const [version, feature] of [
      ['v1', 'degreeV'],
      ['v2', 'mutual'],
    ] as const) {
      await mkdir(path.join(dir, 'links', version), { recursive: true });
      await writeFile(path.join(dir, 'links', version, 'model.json'), JSON.stringify(oneFeature(version, feature)));
    }
    // The shipped current version, as v3: its Cypher score must be its TypeScript score.
    const shipped = path.join(repoRoot, 'data', 'models', 'links');
    const current = (await readFile(path.join(shipped, 'CURRENT'), 'utf8')).trim();
    await cp(path.join(shipped, current), path.join(dir, 'links', 'v3'), { recursive: true });
    const model = JSON.parse(await readFile(path.join(dir, 'links', 'v3', 'model.json'), 'utf8')) as object;
    await writeFile(path.join(dir, 'links', 'v3', 'model.json'), JSON.stringify({ ...model, version: 'v3' }));

    f = await startFriendsApp(testConfig({ ML_MODELS_DIR: dir, ML_RELOAD_MS: '100' }));
    for (const name of ['Me', 'F1', 'F2', 'A', 'B', 'K1', 'K2', 'K3']) u[name] = await f.user(name);
    for (const pair of 'Me-F1 Me-F2 F1-A F2-A F1-B B-K1 B-K2 B-K3'.split(' ')) {
      const [a, b] = pair.split('-') as [string, string];
      await f.befriend(u[a]!, u[b]!);
    }
  });
  after(async () => {
    await f?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ranks by the formula while no links model is promoted', async () => {
    const body = await suggestions();
    assert.equal(body.ranker, 'formula');
    assert.deepEqual(
      body.items.map((s) => [s.user.displayName, s.mutualCount, s.score]),
      [
        ['A', 2, 2],
        ['B', 1, 1],
      ],
    );
  });

  it('ranks by the promoted model, keeps the reasons, and picks up a newly promoted version live', async () => {
    await promote('v1');
    const byDegree = await rankedBy('links/v1');
    assert.deepEqual(
      byDegree.items.map((s) => [s.user.displayName, s.mutualCount, s.sharedChats]),
      [
        ['B', 1, 0],
        ['A', 2, 0],
      ],
      'the candidate with more friends first, against the formula',
    );
    assert.ok(Math.abs(byDegree.items[0]!.score - 1 / (1 + Math.exp(-4))) < 1e-12, 'probability of logit 4');

    await promote('v2');
    const byMutual = await rankedBy('links/v2');
    assert.deepEqual(
      byMutual.items.map((s) => s.user.displayName),
      ['A', 'B'],
    );
  });

  it('computes the features in Cypher as the trainer does: the served score is the model score', async () => {
    await promote('v3');
    const body = await rankedBy('links/v3');
    const model = LinkModel.parse(await readFile(path.join(dir, 'links', 'v3', 'model.json'), 'utf8'));
    // Degrees: Me 2, F1 3 (Me, A, B), F2 2 (Me, A), A 2, B 4.
    const expected: Record<string, Record<LinkFeature, number>> = {
      A: {
        mutual: 2,
        sharedChats: 0,
        degreeU: 2,
        degreeV: 2,
        adamicAdar: 1 / Math.log(3) + 1 / Math.log(2),
        resourceAllocation: 1 / 3 + 1 / 2,
        jaccard: 2 / (2 + 2 - 2),
        logPrefAttach: Math.log1p(2 * 2),
      },
      B: {
        mutual: 1,
        sharedChats: 0,
        degreeU: 2,
        degreeV: 4,
        adamicAdar: 1 / Math.log(3),
        resourceAllocation: 1 / 3,
        jaccard: 1 / (2 + 4 - 1),
        logPrefAttach: Math.log1p(2 * 4),
      },
    };
    const want = Object.entries(expected)
      .map(([name, features]) => [name, model.score(features)] as const)
      .sort((a, b) => b[1] - a[1]);
    assert.deepEqual(
      body.items.map((s) => s.user.displayName),
      want.map(([name]) => name),
    );
    for (const [i, [name, score]] of want.entries())
      assert.ok(Math.abs(body.items[i]!.score - score) < 1e-9, `${name}: ${body.items[i]!.score} vs ${score}`);
  });

  it('falls back to the formula when the promoted version is withdrawn', async () => {
    await rm(path.join(dir, 'links', 'CURRENT'));
    const body = await rankedBy('formula');
    assert.deepEqual(
      body.items.map((s) => s.user.displayName),
      ['A', 'B'],
    );
  });
});

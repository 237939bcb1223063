import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TfidfModel, type TfidfModelFile } from './tfidf-model';

const shipped = path.resolve(__dirname, '../../../../data/models/spam');
const version = readFileSync(path.join(shipped, 'CURRENT'), 'utf8').trim();
const evaluation = JSON.parse(readFileSync(path.join(shipped, version, 'evaluation.json'), 'utf8')) as {
  probes: { text: string; score: number }[];
};

const tiny = (overrides: Partial<TfidfModelFile> = {}): TfidfModel =>
  new TfidfModel({
    name: 'spam',
    version: 'v1',
    format: 'polychat.tfidf-logreg/1',
    tokenPattern: '[a-z0-9]{2,}',
    lowercase: true,
    terms: ['free', 'lunch'],
    idf: [2, 1],
    coef: [3, -1],
    intercept: -0.5,
    thresholds: { flag: 0.5, hold: 0.9 },
    ...overrides,
  });

describe('TfidfModel', () => {
  it('scores the shipped model exactly as scikit-learn did at training time', () => {
    const model = TfidfModel.parse(readFileSync(path.join(shipped, version, 'model.json'), 'utf8'));
    assert.equal(model.version, version);
    assert.ok(evaluation.probes.length >= 4);
    for (const probe of evaluation.probes) {
      assert.ok(
        Math.abs(model.score(probe.text) - probe.score) < 1e-12,
        `${probe.text}: ${model.score(probe.text)} vs ${probe.score}`,
      );
    }
  });

  it('is tf-idf with raw counts, L2 norm, then the logistic of the linear score', () => {
    // "FREE free lunch": counts 2 and 1, weights 4 and 1, norm sqrt(17).
    const z = -0.5 + (4 * 3 + 1 * -1) / Math.sqrt(17);
    assert.equal(tiny().score('FREE free lunch!'), 1 / (1 + Math.exp(-z)));
  });

  it('gives a text with no known token the intercept alone', () => {
    assert.equal(tiny().score('ok é 1'), 1 / (1 + Math.exp(0.5)));
    assert.equal(tiny().score(''), 1 / (1 + Math.exp(0.5)));
  });

  it('refuses a file whose arrays differ in length or whose format it does not know', () => {
    assert.throws(() => tiny({ idf: [1] }), /differ in length/);
    assert.throws(() => TfidfModel.parse(JSON.stringify({ format: 'onnx' })));
  });
});

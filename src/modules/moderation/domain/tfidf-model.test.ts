import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_SCORED_CHARS, parseTextModel, SvmEnsembleModel, TfidfModel, type TfidfModelFile } from './tfidf-model';

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

describe('SvmEnsembleModel (abuse)', () => {
  const dir = path.resolve(__dirname, '../../../../data/models/abuse');
  const current = readFileSync(path.join(dir, 'CURRENT'), 'utf8').trim();
  const probes = (
    JSON.parse(readFileSync(path.join(dir, current, 'evaluation.json'), 'utf8')) as {
      probes: { text: string; score: number }[];
    }
  ).probes;

  it('scores the shipped model exactly as alt-profanity-check does, Unicode words included', () => {
    const model = parseTextModel(readFileSync(path.join(dir, current, 'model.json'), 'utf8'));
    assert.ok(model instanceof SvmEnsembleModel);
    assert.ok(
      probes.some((probe) => Array.from(probe.text, (c) => c.charCodeAt(0)).some((code) => code > 127)),
      'a non-ASCII probe',
    );
    for (const probe of probes)
      assert.ok(
        Math.abs(model.score(probe.text) - probe.score) < 1e-12,
        `${probe.text}: ${model.score(probe.text)} vs ${probe.score}`,
      );
  });

  it('tokenises Unicode words (2+ letters, digits or _) and averages the calibrated members', () => {
    const model = new SvmEnsembleModel({
      name: 'abuse',
      version: 'v1',
      format: 'polychat.tfidf-svm-ensemble/1',
      tokenPattern: '(?u)\\b\\w\\w+\\b',
      lowercase: true,
      terms: ['größe', 'x_1'],
      idf: [1, 1],
      members: [
        { coef: [2, 0], intercept: -1, a: -1, b: 0 },
        { coef: [0, 4], intercept: 0, a: -2, b: 1 },
      ],
      thresholds: { flag: 0.9, hold: 0.999 },
    });
    // "GRÖSSE" lower-cases to "grösse", not "größe": only x_1 counts; its weight is 1 after the norm.
    const want = (1 / (1 + Math.exp(-1 * (0 - 1) + 0)) + 1 / (1 + Math.exp(-2 * 4 + 1))) / 2;
    assert.equal(model.score('GRÖSSE x_1 a'), want);
  });
});

describe('scoring bounds', () => {
  it(`scores only the first ${MAX_SCORED_CHARS} characters`, () => {
    const model = tiny();
    const padding = 'x '.repeat(MAX_SCORED_CHARS / 2);
    assert.equal(model.score(`${padding}free free free`), model.score(padding));
  });
});

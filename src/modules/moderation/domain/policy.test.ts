import assert from 'node:assert/strict';
import { verdictOf } from './policy';

describe('verdictOf', () => {
  const thresholds = { flag: 0.7, hold: 0.95 };

  it('off allows everything', () => {
    assert.equal(verdictOf('off', 1, thresholds), 'allow');
  });

  it('flag flags at or above the flag threshold and never holds', () => {
    assert.equal(verdictOf('flag', 0.69, thresholds), 'allow');
    assert.equal(verdictOf('flag', 0.7, thresholds), 'flag');
    assert.equal(verdictOf('flag', 0.99, thresholds), 'flag');
  });

  it('hold holds at or above the hold threshold and flags between the two', () => {
    assert.equal(verdictOf('hold', 0.5, thresholds), 'allow');
    assert.equal(verdictOf('hold', 0.8, thresholds), 'flag');
    assert.equal(verdictOf('hold', 0.95, thresholds), 'hold');
  });
});

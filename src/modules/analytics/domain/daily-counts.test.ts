import assert from 'node:assert/strict';
import { utcDayOf } from './daily-counts';

describe('utcDayOf', () => {
  it('gives the UTC calendar day of an instant, whatever its offset', () => {
    assert.equal(utcDayOf('2024-02-29T23:59:59.999Z'), '2024-02-29');
    assert.equal(utcDayOf('2024-03-01T00:00:00Z'), '2024-03-01');
    assert.equal(utcDayOf('2024-03-01T01:00:00+02:00'), '2024-02-29');
    assert.equal(utcDayOf('2024-02-29T20:00:00-05:00'), '2024-03-01');
  });

  it('refuses something that is not an instant', () => {
    assert.throws(() => utcDayOf('soon'), /not an instant/);
  });
});

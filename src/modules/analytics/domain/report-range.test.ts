import assert from 'node:assert/strict';
import { daysOf, MAX_RANGE_DAYS, monthsOf, reportRangeQuery } from './report-range';

const issues = (input: unknown) => {
  const result = reportRangeQuery.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('report ranges', () => {
  it('accepts up to a whole leap year and lists its days and months', () => {
    assert.deepEqual(issues({ from: '2024-01-01', to: '2024-12-31' }), []);
    assert.equal(daysOf({ from: '2024-01-01', to: '2024-12-31' }).length, MAX_RANGE_DAYS);
    assert.deepEqual(daysOf({ from: '2024-02-28', to: '2024-03-01' }), ['2024-02-28', '2024-02-29', '2024-03-01']);
    assert.deepEqual(monthsOf({ from: '2023-12-31', to: '2024-02-01' }), ['2023-12', '2024-01', '2024-02']);
  });

  it('names the field at fault: missing, malformed or impossible days, inverted and too long ranges', () => {
    assert.deepEqual(issues({ to: '2024-01-01' }), ['from: required (a day as YYYY-MM-DD)']);
    assert.deepEqual(issues({ from: '2023-02-29', to: '2023-03-01' }), ['from: a day as YYYY-MM-DD']);
    assert.deepEqual(issues({ from: '2024-01-01', to: '01/02/2024' }), ['to: a day as YYYY-MM-DD']);
    assert.deepEqual(issues({ from: '2024-01-02', to: '2024-01-01' }), ['from: must not be after to']);
    assert.deepEqual(issues({ from: '2023-01-01', to: '2024-01-02' }), ['to: the range covers at most 366 days']);
  });
});

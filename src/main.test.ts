import assert from 'node:assert/strict';
import { parseRoles } from './main';

describe('parseRoles', () => {
  it('runs api and worker by default', () => {
    assert.deepEqual(parseRoles([]), ['api', 'worker']);
  });

  it('takes a comma-separated list and drops repeats', () => {
    assert.deepEqual(parseRoles(['--role', 'worker']), ['worker']);
    assert.deepEqual(parseRoles(['--role=api, api']), ['api']);
  });

  it('refuses unknown or empty roles', () => {
    assert.throws(() => parseRoles(['--role', 'api,cron']), /--role/);
    assert.throws(() => parseRoles(['--role', '']), /--role/);
  });
});

import assert from 'node:assert/strict';
import { checksum, compareStates, driftIds, driftSize, type ExpectedState, type RecordState } from './drift';

const held = (id: string, fields: RecordState['fields'], version: number | null = 1): RecordState => ({
  id,
  version,
  fields,
});
const expected = (id: string, fields: ExpectedState['fields'], extra: Partial<ExpectedState> = {}): ExpectedState => ({
  id,
  version: 2,
  fields,
  ...extra,
});

describe('drift: comparing what the owner expects with what a projection holds', () => {
  it('sorts records into missing, extra (no owner record, or a deleted one) and stale, naming the fields', () => {
    const drift = compareStates(
      [
        expected('a', { name: 'Ada' }),
        expected('b', { name: 'Bob', city: 'Oslo' }),
        expected('c', null),
        expected('d', null),
        expected('e', { name: 'Eve' }),
      ],
      [
        held('b', { name: 'Bob', city: 'Rome' }),
        held('c', { name: 'Cy' }),
        held('e', { name: 'Eve' }),
        held('z', { name: 'Zed' }, null),
      ],
    );
    assert.deepEqual(drift, {
      missing: [{ id: 'a', ownerVersion: 2, projectionVersion: null, fields: [] }],
      extra: [
        { id: 'c', ownerVersion: 2, projectionVersion: 1, fields: [] },
        { id: 'z', ownerVersion: null, projectionVersion: null, fields: [] },
      ],
      stale: [{ id: 'b', ownerVersion: 2, projectionVersion: 1, fields: ['city'] }],
    });
    assert.equal(driftSize(drift), 4);
    assert.deepEqual(driftIds(drift), ['a', 'c', 'z', 'b']);
  });

  it('skips records still in flight (and their copies), and ignores a version gap with equal content', () => {
    const drift = compareStates(
      [expected('p', { name: 'New' }, { pending: true }), expected('q', { name: 'Same' }, { version: 9 })],
      [held('p', { name: 'Old' }), held('q', { name: 'Same' }, 3)],
    );
    assert.equal(driftSize(drift), 0);
  });

  it('checksums ignore key order and tell values of different types apart', () => {
    assert.equal(checksum({ a: 1, b: 'x' }), checksum({ b: 'x', a: 1 }));
    assert.notEqual(checksum({ a: 1 }), checksum({ a: '1' }));
    assert.equal(checksum({ a: null }), checksum({ a: null }));
    assert.match(checksum({}), /^[0-9a-f]{16}$/);
  });
});

import assert from 'node:assert/strict';
import type { OwnerSide, ProjectionSide } from './ports';
import { RangePair } from './range-pair';

interface Owned {
  id: string;
  name: string | null;
  pending?: boolean;
}
interface Copy {
  id: string;
  name: string;
}

/** In-memory owner and projection: what RangePair sees through its ports. */
function fakes(owner: Owned[], copies: Copy[]) {
  const sorted = () => [...owner].sort((a, b) => (a.id < b.id ? -1 : 1));
  const calls = { ranges: 0, applied: [] as string[], forgotten: [] as string[] };
  const ownerSide: OwnerSide<Owned> = {
    page: async (after, limit, within) =>
      sorted()
        .filter((record) => (after === undefined || record.id > after) && (!within || within.includes(record.id)))
        .slice(0, limit),
    byIds: async (ids) => sorted().filter((record) => ids.includes(record.id)),
    count: async () => owner.length,
  };
  const projectionSide: ProjectionSide<Owned, Copy> = {
    range: async (range, within) => {
      calls.ranges += 1;
      return copies
        .filter((copy) => range.after === undefined || copy.id > range.after)
        .filter((copy) => range.upTo === undefined || copy.id <= range.upTo)
        .filter((copy) => !within || within.includes(copy.id));
    },
    byIds: async (ids) => copies.filter((copy) => ids.includes(copy.id)),
    apply: async (snapshots) => {
      for (const snapshot of snapshots) {
        calls.applied.push(snapshot.id);
        const index = copies.findIndex((copy) => copy.id === snapshot.id);
        if (index >= 0) copies.splice(index, 1);
        if (snapshot.name !== null) copies.push({ id: snapshot.id, name: snapshot.name });
      }
    },
    forget: async (records) => {
      for (const record of records) {
        calls.forgotten.push(record.id);
        copies.splice(
          copies.findIndex((copy) => copy.id === record.id),
          1,
        );
      }
    },
  };
  const pair = new RangePair<Owned, Copy>({
    name: 'users-graph',
    owner: 'owner',
    projection: 'copy',
    target: 'users-graph',
    scopedBy: 'users',
    ownerSide,
    projectionSide,
    mapping: {
      idOf: (record) => record.id,
      expected: (record) => ({
        id: record.id,
        version: 1,
        fields: record.name === null ? null : { name: record.name },
        pending: record.pending,
      }),
      held: (copy) => ({ id: copy.id, version: 1, fields: { name: copy.name } }),
    },
  });
  return { pair, calls, copies };
}

const id = (n: number): string => `id-${String(n).padStart(5, '0')}`;

describe('RangePair: chunked comparison and repair through the projection side', () => {
  it('compares 1,234 records in id-range chunks, finds drift at chunk edges and past the last owner id', async () => {
    const owner = Array.from({ length: 1234 }, (_, i) => ({ id: id(i * 2), name: `n${i}` }));
    const copies = owner.map((record) => ({ ...record }));
    copies.splice(499, 1); // the last of the first chunk
    copies.splice(499, 1, { id: id(1000), name: 'changed' }); // the first of the second chunk
    copies.push({ id: id(1), name: 'between' }, { id: id(99_999), name: 'after the last' });
    const { pair, calls } = fakes(owner, copies);
    const check = await pair.check(undefined, { settleMs: 0 });
    assert.equal(calls.ranges, 3, 'one projection read per owner page of 500');
    assert.deepEqual(
      check.drift.missing.map((item) => item.id),
      [id(998)],
    );
    assert.deepEqual(
      check.drift.stale.map((item) => item.id),
      [id(1000)],
    );
    assert.deepEqual(
      check.drift.extra.map((item) => item.id),
      [id(1), id(99_999)],
    );
    assert.deepEqual([check.ownerCount, check.projectionCount], [1234, 1235]);
  });

  it('repairs: owner snapshots for missing, stale and deleted-in-owner records, forget for orphans', async () => {
    const { pair, calls } = fakes(
      [
        { id: 'a', name: 'Ada' },
        { id: 'b', name: 'Bob' },
        { id: 'c', name: null },
        { id: 'p', name: 'Pending', pending: true },
      ],
      [
        { id: 'b', name: 'Bobby' },
        { id: 'c', name: 'Cy' },
        { id: 'x', name: 'Orphan' },
      ],
    );
    const check = await pair.check(['a', 'b', 'c', 'p', 'x'], { settleMs: 0 });
    assert.equal(check.pending, 1);
    const after = await pair.repair(check);
    assert.deepEqual(calls.applied.sort(), ['a', 'b', 'c']);
    assert.deepEqual(calls.forgotten, ['x']);
    assert.deepEqual(after.drift, { missing: [], extra: [], stale: [] });
  });

  it('backfills every owner record page by page', async () => {
    const owner = Array.from({ length: 1001 }, (_, i) => ({ id: id(i), name: `n${i}` }));
    const { pair, copies } = fakes(owner, []);
    let progress = 0;
    assert.equal(await pair.backfill(undefined, (n) => (progress += n)), 1001);
    assert.equal(progress, 1001);
    assert.equal(copies.length, 1001);
  });
});

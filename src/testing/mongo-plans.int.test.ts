import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { eventually } from './app';
import { TEST_RUN_ID, testConfig } from './config';
import { assertIndexedLookup, CollectionScanError, explainFind } from './mongo-plans';

/**
 * The local FerretDB gives every collection, including one created a moment ago, the `_id`
 * expression index its pushdown can use (docs/decisions/0021), and the plan check tells an index
 * search from a scan.
 */
describe('MongoDB query plans on the local server (integration)', function () {
  this.timeout(60_000);
  const url = testConfig().MONGO_URL;
  const database = new URL(url).pathname.slice(1);
  const connection = mongoose.createConnection(url, { autoCreate: false, autoIndex: false });
  const collection = `plans_${TEST_RUN_ID}`;
  const db = () => {
    if (!connection.db) throw new Error('not connected');
    return connection.db;
  };

  before(async () => {
    await connection.asPromise();
  });

  after(async () => {
    await db()
      .dropCollection(collection)
      .catch(() => undefined);
    await connection.close();
  });

  it('turns an _id lookup on a brand-new collection into an index search within seconds', async () => {
    const docs = Array.from({ length: 500 }, (_, i) => ({ _id: `doc-${i}`, n: i }));
    await db().collection<{ _id: string; n: number }>(collection).insertMany(docs);
    const plan = await eventually(
      `an index search for _id on ${collection}`,
      () => explainFind(db(), collection, { _id: 'doc-250' }),
      (candidate) => candidate.indexed,
      10_000,
    );
    assert.equal(plan.namespace, `${database}.${collection}`);
    assert.match(plan.steps.join('\n'), /^SEARCH \S+ USING INDEX polychat_id__\S+ \(<expr>=\?\)$/m);
    await assertIndexedLookup(db(), collection, { _id: 'doc-250' });
    assert.deepEqual(
      await db()
        .collection(collection)
        .findOne({ _id: 'doc-250' } as object),
      docs[250],
    );
  });

  it('reports a filter the server cannot push down as a scan, naming the collection', async () => {
    for (const filter of [
      { n: 7 },
      { _id: 'doc-7', n: 7 },
      { _id: { $in: ['doc-7', 8] } },
      { _id: { $gt: 'doc-7' } },
    ]) {
      await assert.rejects(assertIndexedLookup(db(), collection, filter), (error: unknown) => {
        assert.ok(error instanceof CollectionScanError, String(error));
        assert.equal(error.plan.indexed, false);
        assert.match(error.message, new RegExp(`collection ${database}\\.${collection} is scanned`));
        assert.match(error.message, /SCAN /);
        return true;
      });
    }
  });

  it('pushes an _id $in list of strings down to the same index (the stack patches FerretDB, decision 0040)', async () => {
    const ids = ['doc-3', 'doc-250', 'doc-499', 'missing'];
    const plan = await assertIndexedLookup(db(), collection, { _id: { $in: ids } });
    assert.match(plan.steps.join('\n'), /^SEARCH \S+ USING INDEX polychat_id__\S+ \(<expr>=\?\)$/m);
    const found = await db()
      .collection<{ _id: string; n: number }>(collection)
      .find({ _id: { $in: ids } })
      .toArray();
    assert.deepEqual(
      found.map((doc) => doc.n).sort((a, b) => a - b),
      [3, 250, 499],
    );
  });
});

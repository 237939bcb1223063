import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { MongoClient } from 'mongodb';
import { stackPaths } from '../../scripts/stack/paths';
import { TEST_RUN_ID, testConfig } from './config';

/**
 * The local FerretDB keeps up to 100 SQLite connections per database. Unpatched, an `update`
 * command kept the read of each of its statements open until the whole command ended, each on a
 * pooled connection, while the statement's write waited for one more: a bulk write of 100 updates
 * to existing documents took every connection and waited for itself forever, and the database
 * stopped answering anything (`polychat import` hung this way). The stack's patch closes each read
 * before its write (scripts/stack/ferretdb/patches/0002, docs/decisions/0062). Without it this test
 * times out.
 */
describe('the local MongoDB server: bulk updates and dropped databases (integration)', function () {
  this.timeout(60_000);
  const url = new URL(testConfig().MONGO_URL);
  // Its own test database: a wedged pool would otherwise take the rest of the suite with it.
  url.pathname = `${url.pathname}_bulk_${TEST_RUN_ID}`;
  const client = new MongoClient(url.toString(), { serverSelectionTimeoutMS: 5000 });
  const docs = () => client.db().collection<{ _id: string; n: number; touched?: boolean }>('bulk');
  const SIZE = 250; // statements in one command: more than the server's 100 pooled connections

  before(async () => {
    assert.match(client.db().databaseName, /test/);
    await client.connect();
    await docs().insertMany(Array.from({ length: SIZE }, (_, n) => ({ _id: `doc-${n}`, n })));
  });

  after(async () => {
    await client
      .db()
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  it(`applies one ordered bulk write of ${SIZE} updates to existing documents, then still answers`, async () => {
    const result = await docs().bulkWrite(
      Array.from({ length: SIZE }, (_, n) => ({
        updateOne: { filter: { _id: `doc-${n}` }, update: { $set: { touched: true } } },
      })),
    );
    assert.equal(result.matchedCount, SIZE);
    assert.equal(result.modifiedCount, SIZE);
    assert.equal(await docs().countDocuments({ touched: true }), SIZE);
  });

  it(`applies an unordered bulk write of ${SIZE} mixed updates and upserts`, async () => {
    const result = await docs().bulkWrite(
      Array.from({ length: SIZE }, (_, n) =>
        n % 2 === 0
          ? { updateOne: { filter: { _id: `doc-${n}`, n: { $gte: 0 } }, update: { $set: { touched: false } } } }
          : { updateOne: { filter: { _id: `new-${n}` }, update: { $set: { n } }, upsert: true } },
      ),
      { ordered: false },
    );
    assert.equal(result.modifiedCount, SIZE / 2);
    assert.equal(result.upsertedCount, SIZE / 2);
    assert.equal(await docs().countDocuments({ touched: false }), SIZE / 2);
    assert.deepEqual(await docs().findOne({ _id: `new-${SIZE - 1}` }), { _id: `new-${SIZE - 1}`, n: SIZE - 1 });
  });

  it('drops a database while writes to it are running, removes all its files, and serves it again', async () => {
    const database = client.db(`${client.db().databaseName}_drop`);
    assert.match(database.databaseName, /test/);
    const writes = database.collection<{ _id: string; n: number }>('writes');
    await writes.insertMany(Array.from({ length: SIZE }, (_, n) => ({ _id: `doc-${n}`, n })));
    // Updates in flight while the database goes (some fail or recreate it: either is fine), then the drop.
    const running = Promise.allSettled(
      Array.from({ length: 50 }, (_, n) => writes.updateOne({ _id: `doc-${n}` }, { $inc: { n: 1 } }, { upsert: true })),
    );
    await database.dropDatabase();
    await running;
    await database.dropDatabase();
    // Unpatched, the -wal and -shm files stayed behind and a database created again under the
    // name took them over (the server died of SIGBUS once); now every file of it goes.
    const files = (await readdir(stackPaths().dataDir('ferretdb'))).filter((file) =>
      file.startsWith(`${database.databaseName}.sqlite`),
    );
    assert.deepEqual(files, []);
    await writes.insertOne({ _id: 'again', n: 1 });
    assert.deepEqual(await writes.find({}).toArray(), [{ _id: 'again', n: 1 }]);
    await database.dropDatabase();
  });
});

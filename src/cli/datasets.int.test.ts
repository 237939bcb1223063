import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import { MONGO_CONNECTION } from '../platform/mongo';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { PG_POOL } from '../platform/postgres';
import { startDatasetEnv, type DatasetEnv } from '../testing/datasets';
import { TEST_RUN_ID } from '../testing/config';

const ENTITIES = ['users', 'friendships', 'chats', 'messages'] as const;
type Row = Record<string, unknown>;

/** A seed of its own for every run, so ids and names never meet those of earlier runs. */
const SEED = parseInt(TEST_RUN_ID.slice(-5), 36);

describe('polychat seed, import and export (integration)', function () {
  this.timeout(300_000);
  let env: DatasetEnv;
  let dataset: string;
  let userIds: string[] = [];

  /** Events the import left in the three outboxes (PostgreSQL rows, MongoDB pendingEvents, Neo4j nodes). */
  const outboxSizes = async (): Promise<number[]> => {
    const { rows } = await env.booted.container
      .get<pg.Pool>(PG_POOL)
      .query<{ n: string }>('SELECT count(*) AS n FROM outbox');
    const db = env.booted.container.get<Connection>(MONGO_CONNECTION).db;
    let pending = 0;
    for (const name of ['chats', 'messages']) {
      for await (const doc of db!.collection(name).find({}, { projection: { pendingEvents: 1 } }))
        pending += (doc['pendingEvents'] as unknown[]).length;
    }
    const { records } = await env.booted.container
      .get<Driver>(NEO4J_DRIVER)
      .executeQuery('MATCH (e:OutboxEvent {namespace: $namespace}) RETURN count(e) AS n', {
        namespace: env.config.KAFKA_TOPIC_PREFIX,
      });
    return [Number(rows[0]?.n), pending, Number(records[0]?.get('n'))];
  };

  before(async () => {
    env = await startDatasetEnv('roundtrip');
    dataset = path.join(env.tmp, 'seeded');
    userIds = await env.seed(dataset, { users: 40, messages: 300, seed: SEED });
  });

  after(async () => {
    await env?.cleanGraph(userIds);
    await env?.stop();
  });

  it('seeds byte-identical files from the same seed, with a heavy-tailed friend graph', async () => {
    const again = path.join(env.tmp, 'seeded-again');
    await env.seed(again, { users: 40, messages: 300, seed: SEED });
    for (const entity of ENTITIES) {
      const [a, b] = await Promise.all([dataset, again].map((dir) => fs.readFile(path.join(dir, `${entity}.jsonl`))));
      assert.ok(a?.equals(b as Buffer), `${entity}.jsonl differs`);
    }
    const degree = new Map<string, number>();
    for (const pair of await env.jsonl<Row>(path.join(dataset, 'friendships.jsonl')))
      for (const id of [pair['userId'], pair['friendId']]) degree.set(String(id), (degree.get(String(id)) ?? 0) + 1);
    const degrees = [...degree.values()].sort((a, b) => a - b);
    const median = degrees[Math.floor(degrees.length / 2)] ?? 0;
    assert.ok((degrees.at(-1) ?? 0) >= 3 * median, `max degree ${degrees.at(-1)} vs median ${median}`);
  });

  it('imports a seeded dataset and exports the same records', async () => {
    const imported = await env.polychat('import', dataset);
    assert.equal(imported.code, 0, imported.stderr + imported.stdout);
    assert.match(imported.stdout, /users\s+40 new, 0 present, 0 rejected of 40 lines/);
    assert.match(imported.stdout, /messages\s+300 new, 0 present, 0 rejected of 300 lines/);
    const out = path.join(env.tmp, 'exported');
    const exported = await env.polychat('export', out);
    assert.equal(exported.code, 0, exported.stderr);
    await env.assertSameRecords(out, dataset);
  });

  it('imports the same dataset again without changing anything', async () => {
    const before = await outboxSizes();
    const again = await env.polychat('import', dataset);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /messages\s+300 new, 0 present, 0 rejected of 300 lines \(done before\)/);
    const restarted = await env.polychat('import', dataset, '--restart');
    assert.equal(restarted.code, 0, restarted.stderr);
    for (const [entity, count] of [
      ['users', 40],
      ['messages', 300],
    ] as const)
      assert.match(restarted.stdout, new RegExp(`${entity}\\s+0 new, ${count} present, 0 rejected`));
    assert.deepEqual(await outboxSizes(), before);
    const out = path.join(env.tmp, 'exported-again');
    assert.equal((await env.polychat('export', out)).code, 0);
    await env.assertSameRecords(out, dataset);
  });

  it('explains itself: --help of each command, and a missing folder is a clear error', async () => {
    for (const command of ['seed', 'import', 'export']) {
      const help = await env.polychat(command, '--help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`Usage: polychat ${command}`));
    }
    const missing = await env.polychat('import', path.join(env.tmp, 'nope'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no dataset folder at/);
  });
});

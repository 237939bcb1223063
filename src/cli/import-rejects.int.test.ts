import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import { MONGO_CONNECTION } from '../platform/mongo';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { PG_POOL } from '../platform/postgres';
import { startWorker } from '../roles/worker';
import { eventually } from '../testing/app';
import { startDatasetEnv, type DatasetEnv } from '../testing/datasets';
import { uniqueName } from '../testing/users';
import { messageIdOf } from '../modules/chats';

type Row = Record<string, unknown>;
const at = '2026-02-01T10:00:00.000Z';
const user = (id: string, name = uniqueName()): Row => ({
  id,
  username: name,
  email: `${name}@example.test`,
  displayName: name,
  passwordHash: null,
  createdAt: at,
});
const member = (userId: string, role = 'member'): Row => ({ userId, role, joinedAt: at, lastReadSeq: 0 });
const message = (id: string, chatId: string, seq: number, senderId: string, extra: Row = {}): Row => ({
  id,
  chatId,
  seq,
  senderId,
  clientMsgId: `c${seq}`,
  body: `message ${seq}`,
  mentions: [],
  replyTo: null,
  reactions: [],
  createdAt: at,
  editedAt: null,
  deletedAt: null,
  ...extra,
});
const line = (value: Row | string): string => (typeof value === 'string' ? value : JSON.stringify(value));

describe('polychat import of a broken dataset (integration)', function () {
  this.timeout(180_000);
  let env: DatasetEnv;
  const [u1, u2, u3, ghost] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [g1, d1] = [randomUUID(), randomUUID()];
  // Message ids derive from (chat, seq) (docs/decisions/0031).
  const [m1, m2, m4] = [messageIdOf(g1, 1), messageIdOf(g1, 2), messageIdOf(d1, 1)];
  const taken = user(u2);
  const files: Record<string, (Row | string)[]> = {
    users: [
      user(u1),
      taken,
      '{"id": ',
      { ...user(randomUUID()), email: undefined },
      user(u1),
      { ...user(randomUUID()), username: taken['username'] },
      user(u3),
      { ...user(randomUUID()), passwordHash: 'hunter2' },
    ],
    friendships: [
      { userId: u1, friendId: u2, since: at },
      { userId: u1, friendId: ghost, since: at },
      { userId: u2, friendId: u1, since: at },
      { userId: u3, friendId: u3, since: at },
    ],
    chats: [
      { id: g1, type: 'group', title: 'team', createdAt: at, members: [member(u1, 'owner'), member(u2), member(u3)] },
      { id: d1, type: 'direct', title: null, createdAt: at, members: [member(u1), member(u2)] },
      { id: randomUUID(), type: 'direct', title: null, createdAt: at, members: [member(u1), member(ghost)] },
      { id: g1, type: 'group', title: 'again', createdAt: at, members: [member(u1, 'owner')] },
      { id: randomUUID(), type: 'group', title: null, createdAt: at, members: [member(u1, 'owner')] },
    ],
    messages: [
      message(m1, g1, 1, u1),
      message(m2, g1, 2, u2, { replyTo: m1 }),
      message(randomUUID(), randomUUID(), 1, u1),
      message(randomUUID(), g1, 1, u3),
      { ...message(randomUUID(), g1, 3, u1), body: undefined },
      message(randomUUID(), d1, 2, u1, { replyTo: m1 }),
      message(m4, d1, 1, u2),
      message(m1, g1, 4, u1),
      message(randomUUID(), g1, 5, ghost),
      'not json at all',
      message(randomUUID(), g1, 3, u2),
    ],
  };
  /** Every bad line: [entity, line, reason, field]. */
  const expected = [
    ['users', 3, 'invalid_json', undefined],
    ['users', 4, 'invalid_record', 'email'],
    ['users', 5, 'duplicate', 'id'],
    ['users', 6, 'duplicate', 'username'],
    ['users', 8, 'invalid_record', 'passwordHash'],
    ['friendships', 2, 'unknown_reference', 'friendId'],
    ['friendships', 3, 'duplicate', 'friendId'],
    ['friendships', 4, 'invalid_record', 'friendId'],
    ['chats', 3, 'unknown_reference', 'members.1.userId'],
    ['chats', 4, 'duplicate', 'id'],
    ['chats', 5, 'invalid_record', 'title'],
    ['messages', 3, 'unknown_reference', 'chatId'],
    ['messages', 4, 'duplicate', 'seq'],
    ['messages', 5, 'invalid_record', 'body'],
    ['messages', 6, 'unknown_reference', 'replyTo'],
    ['messages', 8, 'duplicate', 'id'],
    ['messages', 9, 'unknown_reference', 'senderId'],
    ['messages', 10, 'invalid_json', undefined],
    ['messages', 11, 'conflict', 'id'],
  ];

  before(async () => {
    env = await startDatasetEnv('rejects');
  });

  after(async () => {
    await env?.cleanGraph([u1, u2, u3, ghost]);
    await env?.stop();
  });

  it('imports the good records and lists every bad one with its reason', async () => {
    const dir = path.join(env.tmp, 'broken');
    await fs.mkdir(dir);
    for (const [entity, rows] of Object.entries(files))
      await fs.writeFile(path.join(dir, `${entity}.jsonl`), `${rows.map(line).join('\n')}\n`);
    const rejectsDir = path.join(env.tmp, 'rejects');
    const run = await env.polychat('import', dir, '--rejects', rejectsDir, '--batch-size', '3');
    assert.equal(run.code, 2, run.stderr + run.stdout);
    assert.match(run.stdout, /users\s+3 new, 0 present, 5 rejected of 8 lines/);
    assert.match(run.stdout, /messages\s+3 new, 0 present, 8 rejected of 11 lines/);
    assert.match(run.stdout, /rejects\s+19 in/);

    const rejects: Row[] = [];
    for (const entity of Object.keys(files))
      rejects.push(...(await env.jsonl(path.join(rejectsDir, `${entity}.rejects.jsonl`))));
    const seen = rejects.map((reject) => [reject['entity'], reject['line'], reject['reason'], reject['field']]);
    assert.deepEqual(seen, expected);
    for (const reject of rejects) {
      assert.ok(typeof reject['message'] === 'string' && reject['message'].length > 0, JSON.stringify(reject));
      const raw = files[String(reject['entity'])]?.[Number(reject['line']) - 1];
      assert.equal(reject['raw'], raw === undefined ? undefined : line(raw));
    }

    const out = path.join(env.tmp, 'exported');
    assert.equal((await env.polychat('export', out)).code, 0);
    const ids = async (entity: string) =>
      (await env.jsonl<Row>(path.join(out, `${entity}.jsonl`)))
        .map((row) =>
          typeof row['id'] === 'string' ? row['id'] : [String(row['userId']), String(row['friendId'])].sort().join(':'),
        )
        .sort();
    assert.deepEqual(await ids('users'), [u1, u2, u3].sort());
    assert.deepEqual(await ids('friendships'), [[u1, u2].sort().join(':')]);
    assert.deepEqual(await ids('chats'), [g1, d1].sort());
    assert.deepEqual(await ids('messages'), [m1, m2, m4].sort());
  });

  it('sends what it imported down the event path: a worker projects it into the other stores', async () => {
    await startWorker(env.booted);
    const { container } = env.booted;
    const profiles = container.get<Connection>(MONGO_CONNECTION).db!.collection<{ _id: string }>('user_profiles');
    await eventually(
      'imported users in the chat profiles',
      () => profiles.countDocuments({ _id: { $in: [u1, u2, u3] } }),
      (n) => n === 3,
      60_000,
    );
    const graph = async () => {
      const { records } = await container
        .get<Driver>(NEO4J_DRIVER)
        .executeQuery('MATCH (u:User) WHERE u.id IN $ids AND u.version IS NOT NULL RETURN count(u) AS n', {
          ids: [u1, u2, u3],
        });
      return Number(records[0]?.get('n'));
    };
    await eventually('imported users live in the friend graph', graph, (n) => n === 3, 60_000);
    const searchable = async () => {
      const { rows } = await container
        .get<pg.Pool>(PG_POOL)
        .query<{ n: string }>('SELECT count(*) AS n FROM message_search WHERE message_id = ANY($1::uuid[])', [
          [m1, m2, m4],
        ]);
      return Number(rows[0]?.n);
    };
    await eventually('imported messages in the search index', searchable, (n) => n === 3, 60_000);
  });
});

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';

/** Milliseconds the bare drivers took per entity. */
export type Timed = Record<'users' | 'friendships' | 'chats' | 'messages', number>;

type Row = Record<string, unknown>;

async function* batches(file: string, size: number): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    batch.push(JSON.parse(line) as Row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Times `write` over every batch of a file (the reading and parsing is not timed). */
async function timed(file: string, size: number, write: (batch: Row[]) => Promise<unknown>): Promise<number> {
  let ms = 0;
  for await (const batch of batches(file, size)) {
    const started = performance.now();
    await write(batch);
    ms += performance.now() - started;
  }
  return ms;
}

/** An event envelope of the size the import attaches, so documents weigh the same. */
const envelope = (type: string, aggregateId: string, payload: Row) => ({
  topic: 'polychat.messages.v1',
  envelope: {
    id: randomUUID(),
    type,
    version: 1,
    aggregateId,
    occurredAt: new Date().toISOString(),
    actorId: null,
    payload,
    traceId: 'bench',
  },
});

/**
 * The same records written by the bare drivers in batches: PostgreSQL INSERT … unnest into a copy
 * of the users table (same unique indexes), Neo4j UNWIND … CREATE of an edge between the imported
 * user nodes, MongoDB insertMany into collections with the chats and messages indexes and
 * documents of the same shape (an outbox entry each). The baseline tables are dropped after.
 */
export async function baselineWrites(options: {
  dir: string;
  batchSize: number;
  pool: pg.Pool;
  mongo: Connection;
  neo4j: Driver;
}): Promise<Timed> {
  const file = (entity: string) => path.join(options.dir, `${entity}.jsonl`);
  const db = options.mongo.db;
  if (!db) throw new Error('mongo is not connected');
  await options.pool.query('CREATE TABLE baseline_users (LIKE users INCLUDING ALL)');
  const users = await timed(file('users'), options.batchSize, (batch) =>
    options.pool.query(
      `INSERT INTO baseline_users (id, username, email, display_name, password_hash, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])`,
      [
        batch.map((u) => u['id']),
        batch.map((u) => u['username']),
        batch.map((u) => u['email']),
        batch.map((u) => u['displayName']),
        batch.map(() => '!'),
        batch.map((u) => u['createdAt']),
      ],
    ),
  );
  await options.pool.query('DROP TABLE baseline_users');
  const friendships = await timed(file('friendships'), options.batchSize, (batch) =>
    options.neo4j.executeQuery(
      `UNWIND $rows AS row MATCH (a:User {id: row.userId}), (b:User {id: row.friendId})
       CREATE (a)-[:BASELINE_FRIENDS {since: row.since}]->(b)`,
      { rows: batch },
    ),
  );
  await options.neo4j.executeQuery('MATCH ()-[f:BASELINE_FRIENDS]->() DELETE f');
  const chats = db.collection<Row>('baseline_chats');
  await chats.createIndex({ directKey: 1 }, { unique: true, sparse: true, name: 'direct_pair' }, undefined);
  const chatMs = await timed(file('chats'), options.batchSize, (batch) =>
    chats.insertMany(
      batch.map((c) => ({
        ...c,
        _id: c['id'] as never,
        members: c['members'],
        memberIds: (c['members'] as Row[]).map((m) => m['userId']),
        lastSeq: 0,
        version: 1,
        pendingEvents: [envelope('chat.created', String(c['id']), { members: c['members'] })],
      })),
      { ordered: false },
    ),
  );
  const messages = db.collection<Row>('baseline_messages');
  await messages.createIndex({ chatId: 1, seq: 1 }, { unique: true, name: 'chat_seq' }, undefined);
  await messages.createIndex(
    { chatId: 1, senderId: 1, clientMsgId: 1 },
    { unique: true, name: 'client_msg' },
    undefined,
  );
  await messages.createIndex({ outboxSince: 1 }, { sparse: true, name: 'message_outbox' }, undefined);
  const messageMs = await timed(file('messages'), options.batchSize, (batch) =>
    messages.insertMany(
      batch.map((m) => ({
        ...m,
        _id: m['id'] as never,
        createdAt: new Date(String(m['createdAt'])),
        edits: [],
        version: 1,
        pendingEvents: [envelope('message.sent', String(m['chatId']), m)],
        outboxSince: new Date(),
      })),
      { ordered: false },
    ),
  );
  await chats.drop();
  await messages.drop();
  return { users, friendships, chats: chatMs, messages: messageMs };
}

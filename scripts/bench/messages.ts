/**
 * Benchmark (not a test): message send throughput through the API, and p50/p99 of history reads
 * on a chat with 1,000,000 messages, each beside a same-run baseline of the bare driver doing the
 * same insert and find on the same collection.
 *
 *   npx tsx scripts/bench/messages.ts [--messages 1000000] [--sends 2000] [--reads 2000] [--concurrency 8]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { startBenchApp } from './context';
import { Latencies, rate, runConcurrently } from './lib';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    sends: { type: 'string', default: '2000' },
    reads: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const SEED = Number(values.messages);
const SENDS = Number(values.sends);
const READS = Number(values.reads);
const CONCURRENCY = Number(values.concurrency);

async function main(): Promise<void> {
  const app = await startBenchApp();
  const db = app.booted.container.get<Connection>(MONGO_CONNECTION).db;
  if (!db) throw new Error('mongo not connected');
  const messages = db.collection<{ _id: string; chatId: string; seq: number }>('messages');
  try {
    const tokens: string[] = [];
    const ids: string[] = [];
    for (const name of ['alice', 'bob']) {
      const username = `${name}_${app.run}`;
      const res = await app.post('/v1/auth/register', {
        username,
        email: `${username}@bench.test`,
        password: 'benchmark password',
      });
      const json = res.json as { accessToken: string; user: { id: string } };
      tokens.push(json.accessToken);
      ids.push(json.user.id);
    }
    const profiles = db.collection<{ _id: string }>('user_profiles');
    while ((await profiles.countDocuments({ _id: { $in: ids } })) < 2) await new Promise((r) => setTimeout(r, 100));
    const group = async (): Promise<string> => {
      const res = await app.post('/v1/chats', { type: 'group', title: 'bench', memberIds: [ids[1]] }, tokens[0]);
      return (res.json as { id: string }).id;
    };
    const bigChat = await group();

    // Seed the big chat with bare batched inserts (this is setup, and its rate is reported too).
    const seedStarted = performance.now();
    const now = new Date();
    for (let from = 1; from <= SEED; from += 5000) {
      const batch = [];
      for (let seq = from; seq < Math.min(from + 5000, SEED + 1); seq += 1) {
        batch.push({
          _id: randomUUID(),
          chatId: bigChat,
          seq,
          senderId: ids[seq % 2],
          clientMsgId: `seed-${seq}`,
          body: `seeded message ${seq}`,
          mentions: [],
          replyTo: null,
          edits: [],
          reactions: [],
          createdAt: now,
          editedAt: null,
          deletedAt: null,
          version: 1,
          pendingEvents: [],
          outboxSince: null,
        });
      }
      await messages.insertMany(batch, { ordered: false });
      if (from % 100_000 === 1) process.stdout.write(`\rseeded ${from - 1}`);
    }
    await db.collection('chats').updateOne({ _id: bigChat } as never, { $set: { lastSeq: SEED } });
    const seedMs = performance.now() - seedStarted;
    process.stdout.write('\r');

    // Sends through the API: into the big chat (one lock), and spread over 8 chats.
    const apiOne = await runConcurrently(SENDS, CONCURRENCY, async (i) => {
      const res = await app.post(
        `/v1/chats/${bigChat}/messages`,
        { body: `api ${i}`, clientMsgId: `api-${i}` },
        tokens[i % 2],
      );
      if (res.status !== 201) throw new Error(`send ${res.status}`);
    });
    const chats = await Promise.all(Array.from({ length: 8 }, () => group()));
    const apiMany = await runConcurrently(SENDS, CONCURRENCY, async (i) => {
      const res = await app.post(
        `/v1/chats/${chats[i % 8]}/messages`,
        { body: `many ${i}`, clientMsgId: `many-${i}` },
        tokens[i % 2],
      );
      if (res.status !== 201) throw new Error(`send ${res.status}`);
    });
    const scratch = randomUUID();
    const bare = await runConcurrently(SENDS, CONCURRENCY, async (i) => {
      await messages.insertOne({
        _id: randomUUID(),
        chatId: scratch,
        seq: i + 1,
        senderId: ids[0],
        clientMsgId: `bare-${i}`,
        body: `bare ${i}`,
        mentions: [],
        replyTo: null,
        edits: [],
        reactions: [],
        createdAt: new Date(),
        editedAt: null,
        deletedAt: null,
        version: 1,
        pendingEvents: [],
        outboxSince: null,
      } as never);
    });

    // History reads at random depths of the big chat.
    const api = new Latencies();
    const driver = new Latencies();
    const depth = () => 1 + Math.floor(Math.random() * SEED);
    await runConcurrently(READS, CONCURRENCY, async () => {
      const started = performance.now();
      const res = await app.get(`/v1/chats/${bigChat}/messages?before=${depth()}&limit=50`, tokens[1] ?? '');
      if (res.status !== 200) throw new Error(`history ${res.status}`);
      api.record(performance.now() - started);
    });
    await runConcurrently(READS, CONCURRENCY, async () => {
      const started = performance.now();
      await messages
        .find({ chatId: bigChat, seq: { $lt: depth() } })
        .sort({ seq: -1 })
        .limit(50)
        .toArray();
      driver.record(performance.now() - started);
    });

    console.log(
      `messages benchmark: chat of ${SEED} messages, ${SENDS} sends, ${READS} reads, concurrency ${CONCURRENCY}`,
    );
    console.log(`seed (bare insertMany x5000)  ${rate(SEED, seedMs)}`);
    console.log(
      `send via API, one chat        ${rate(SENDS, apiOne)}  (${(apiOne / bare).toFixed(1)}x the bare insert time)`,
    );
    console.log(`send via API, 8 chats         ${rate(SENDS, apiMany)}  (${(apiMany / bare).toFixed(1)}x)`);
    console.log(`bare insertOne (baseline)     ${rate(SENDS, bare)}`);
    console.log(`history via API (limit 50)    ${api.summary()}`);
    console.log(`history bare find (baseline)  ${driver.summary()}`);
    console.log(
      `ratio p50 ${(api.percentile(50) / driver.percentile(50)).toFixed(2)}x, p99 ${(api.percentile(99) / driver.percentile(99)).toFixed(2)}x`,
    );
  } finally {
    await db.dropDatabase();
    await app.booted.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

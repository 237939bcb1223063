/**
 * Benchmark (not a test): what moderation adds to a send. In one run, on one polychat process,
 * sends alternate between a chat where moderation is on (the deployment's `hold` policy, the
 * current spam model) and a chat whose override turns it off, one at a time over REST, so both
 * series see the same machine, stores and moment; prints each p50/p99 and the difference. Then
 * scores message texts directly with each current text model (spam, abuse): inference p50/p99 per
 * message for chat-sized texts and for 4,000-character ones (the body limit), and the two models
 * together (what a send pays).
 *
 *   npx tsx scripts/bench/moderation.ts [--sends 1000] [--warmup 100] [--scores 20000]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../src/config';
import { parseTextModel, type TextModel } from '../../src/modules/moderation';
import { SetUserRole } from '../../src/modules/users';
import { CHEAP_PASSWORDS, startBenchApp, type BenchApp } from './context';
import { Latencies } from './lib';
import { dropBenchDatabases } from './servers';

const { values } = parseArgs({
  options: {
    sends: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
    scores: { type: 'string', default: '20000' },
  },
});
const SENDS = Number(values.sends);
const WARMUP = Number(values.warmup);
const SCORES = Number(values.scores);

const WORDS =
  'hey are we still on for lunch tomorrow the build is green again can you review my pull request meeting moved to room ok see you at five thanks free offer click here'.split(
    ' ',
  );
/** A chat-like text of 3-20 words, deterministic in i. */
const chatText = (i: number): string =>
  Array.from({ length: 3 + (i % 18) }, (_, k) => WORDS[(i * 7 + k * 13) % WORDS.length]).join(' ');

async function user(app: BenchApp, name: string): Promise<{ id: string; token: string; username: string }> {
  const username = `${name}_${app.run}`;
  const res = await app.post('/v1/auth/register', {
    username,
    email: `${username}@bench.test`,
    password: 'bench password 1',
  });
  const json = res.json as { user: { id: string }; accessToken: string };
  if (res.status !== 201) throw new Error(`register ${res.status} ${JSON.stringify(res.json)}`);
  return { id: json.user.id, token: json.accessToken, username };
}

async function main(): Promise<void> {
  const app = await startBenchApp({ ...CHEAP_PASSWORDS, MODERATION_POLICY: 'hold' });
  try {
    const alice = await user(app, 'alice');
    const bob = await user(app, 'bob');
    const admin = await user(app, 'admin');
    await app.booted.container.get(SetUserRole).execute(admin.username, 'admin', { actorId: null, traceId: null });
    const login = await app.post('/v1/auth/login', { username: admin.username, password: 'bench password 1' });
    const adminToken = (login.json as { accessToken: string }).accessToken;
    const chat = async (title: string) =>
      (
        (await app.post('/v1/chats', { type: 'group', title, memberIds: [bob.id] }, alice.token)).json as {
          id: string;
        }
      ).id;
    const on = await chat('moderated');
    const off = await chat('unmoderated');
    const put = await fetch(`${app.base}/v1/moderation/chats/${off}/policy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ mode: 'off' }),
    });
    if (put.status !== 200) throw new Error(`policy override ${put.status}`);

    const latencies = { on: new Latencies(), off: new Latencies() };
    let sent = 0;
    const send = async (chatId: string, i: number, into?: Latencies) => {
      const started = performance.now();
      const res = await app.post(
        `/v1/chats/${chatId}/messages`,
        { body: chatText(i), clientMsgId: `b-${sent++}` },
        alice.token,
      );
      if (res.status !== 201) throw new Error(`send ${res.status} ${JSON.stringify(res.json)}`);
      into?.record(performance.now() - started);
    };
    for (let i = 0; i < WARMUP; i += 1) {
      await send(on, i);
      await send(off, i);
    }
    for (let i = 0; i < SENDS; i += 1) {
      // Alternate which goes first, so neither series always follows the other.
      const order: ['on' | 'off', string][] =
        i % 2 === 0
          ? [
              ['on', on],
              ['off', off],
            ]
          : [
              ['off', off],
              ['on', on],
            ];
      for (const [which, chatId] of order) await send(chatId, i, latencies[which]);
    }

    const dir = path.join(repoRoot, app.config.ML_MODELS_DIR);
    const models: TextModel[] = ['spam', 'abuse'].map((name) => {
      const version = readFileSync(path.join(dir, name, 'CURRENT'), 'utf8').trim();
      return parseTextModel(readFileSync(path.join(dir, name, version, 'model.json'), 'utf8'));
    });
    const series = [...models.map((m) => `${m.name}/${m.version}`), 'both'];
    const inference = new Map(series.map((name) => [name, { chat: new Latencies(), long: new Latencies() }]));
    const record = (name: string, which: 'chat' | 'long', ms: number) => inference.get(name)?.[which].record(ms);
    const long = (i: number) => `${chatText(i)} `.repeat(200).slice(0, 4000);
    const time = (score: () => void): number => {
      const started = process.hrtime.bigint();
      score();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // Warm-up, not recorded: the first calls run before the JIT has compiled the scorers.
    for (let i = 0; i < Math.min(SCORES, 2000); i += 1) for (const model of models) model.score(long(i));
    for (let i = 0; i < SCORES; i += 1) {
      for (const [which, text] of [
        ['chat', chatText(i)],
        ['long', long(i)],
      ] as const) {
        for (const model of models)
          record(
            `${model.name}/${model.version}`,
            which,
            time(() => model.score(text)),
          );
        record(
          'both',
          which,
          time(() => models.forEach((model) => model.score(text))),
        );
      }
    }

    const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
    console.log(
      `moderation benchmark: ${SENDS} sends per series over REST, one at a time, alternating; ${series.slice(0, -1).join(', ')}`,
    );
    console.log(`  send, moderation on  (hold policy): ${latencies.on.summary()}`);
    console.log(`  send, moderation off (chat override): ${latencies.off.summary()}`);
    for (const p of [50, 99]) {
      const diff = latencies.on.percentile(p) - latencies.off.percentile(p);
      console.log(`  p${p} difference on - off: ${diff.toFixed(3)} ms`);
    }
    for (const [name, { chat, long: full }] of inference) {
      console.log(
        `  inference ${name.padEnd(8)} chat-sized (3-20 words): p50 ${us(chat.percentile(50))} p99 ${us(chat.percentile(99))} (n=${chat.count})`,
      );
      console.log(
        `  inference ${name.padEnd(8)} 4,000 characters:        p50 ${us(full.percentile(50))} p99 ${us(full.percentile(99))} (n=${full.count})`,
      );
    }
  } finally {
    await dropBenchDatabases(app, []);
    await app.booted.stop();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());

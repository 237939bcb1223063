/**
 * Benchmark (not a test): N WebSocket clients in M group chats, each sending k messages/s on a fixed
 * schedule. Reports delivered messages/s, the share of expected deliveries that arrived, and
 * p50/p99/p99.9 send-to-receive latency measured from each message's *scheduled* send time (so a
 * stalled server cannot hide its queueing), for polychat and, in the same run with the same clients
 * and schedule, for a bare `ws` broadcast server (scripts/bench/ws-baseline-server.ts).
 *
 *   npx tsx scripts/bench/ws-load.ts [--clients 1000] [--chats 100] [--rate 0.02] [--seconds 60] [--api-processes 1]
 *
 * polychat runs as real `--role api` processes (clients spread over them, so with more than one the
 * Redis fan-out between processes is on the path), beside an in-process worker used for set-up.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../src/platform/mongo';
import { spawnApi } from '../../src/testing/process';
import { startBenchApp, type BenchApp } from './context';
import { Latencies, runConcurrently } from './lib';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    chats: { type: 'string', default: '100' },
    rate: { type: 'string', default: '0.02' },
    seconds: { type: 'string', default: '60' },
    'api-processes': { type: 'string', default: '1' },
  },
});
const CLIENTS = Number(values.clients);
const CHATS = Number(values.chats);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const API_PROCESSES = Number(values['api-processes']);
const DRAIN_MS = 10_000;

const now = (): number => performance.timeOrigin + performance.now();

interface Client {
  readonly userId: string;
  readonly chatId: string;
  socket?: WebSocket;
}

interface Result {
  readonly sent: number;
  readonly expected: number;
  readonly delivered: number;
  readonly latencies: Latencies;
  readonly windowMs: number;
}

/** Opens every client, runs the schedule, waits for stragglers, and tallies what arrived. */
async function drive(
  clients: Client[],
  urlOf: (i: number) => string,
  open: (socket: WebSocket, client: Client) => Promise<void>,
): Promise<Result> {
  const latencies = new Latencies();
  let delivered = 0;
  let lastDelivery = 0;
  const membersOf = new Map<string, number>();
  for (const client of clients) membersOf.set(client.chatId, (membersOf.get(client.chatId) ?? 0) + 1);
  await runConcurrently(clients.length, 50, async (i) => {
    const client = clients[i] as Client;
    const socket = new WebSocket(urlOf(i), { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as { type: string; payload?: { body?: string } };
      if (frame.type !== 'message.new' || !frame.payload?.body) return;
      const body = JSON.parse(frame.payload.body) as { s: number; from: string };
      if (body.from === client.userId) return; // the sender's own echo is not a delivery
      const at = now();
      latencies.record(at - body.s);
      delivered += 1;
      lastDelivery = at;
    });
    await open(socket, client);
    client.socket = socket;
  });

  const perClient = Math.floor(RATE * SECONDS);
  const start = now() + 1000;
  let sent = 0;
  let expected = 0;
  const timers: NodeJS.Timeout[] = [];
  clients.forEach((client, i) => {
    const offset = (i / clients.length) * (1000 / RATE); // spread first sends over one period
    for (let j = 0; j < perClient; j += 1) {
      const scheduled = start + offset + (j * 1000) / RATE;
      timers.push(
        setTimeout(() => {
          const body = JSON.stringify({ s: scheduled, from: client.userId });
          client.socket?.send(
            JSON.stringify({
              type: 'message.send',
              id: randomUUID(),
              payload: { chatId: client.chatId, body, clientMsgId: randomUUID() },
            }),
          );
          sent += 1;
          expected += (membersOf.get(client.chatId) ?? 1) - 1;
        }, scheduled - now()),
      );
    }
  });
  const end = start + SECONDS * 1000 + 1000 / RATE;
  await new Promise((resolve) => setTimeout(resolve, end - now()));
  // Wait for stragglers until nothing arrives for a while (or the drain limit).
  const drainUntil = now() + DRAIN_MS;
  while (now() < drainUntil && delivered < expected && now() - lastDelivery < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const timer of timers) clearTimeout(timer);
  for (const client of clients) client.socket?.terminate();
  return { sent, expected, delivered, latencies, windowMs: Math.max(lastDelivery, end) - start };
}

function report(name: string, result: Result): string {
  const { latencies } = result;
  const perSecond = (result.delivered * 1000) / result.windowMs;
  return [
    name.padEnd(9),
    `sent ${result.sent}`,
    `delivered ${result.delivered}/${result.expected} (${((100 * result.delivered) / Math.max(1, result.expected)).toFixed(2)}%)`,
    `${perSecond.toFixed(1)} deliveries/s`,
    `p50 ${latencies.percentile(50).toFixed(1)} ms`,
    `p99 ${latencies.percentile(99).toFixed(1)} ms`,
    `p99.9 ${latencies.percentile(99.9).toFixed(1)} ms`,
  ].join('  ');
}

async function polychatClients(app: BenchApp): Promise<{ clients: Client[]; tokens: string[] }> {
  const users: { id: string; token: string }[] = [];
  await runConcurrently(CLIENTS, 8, async (i) => {
    const username = `ld_${app.run}_${i}`;
    const res = await app.post('/v1/auth/register', {
      username,
      email: `${username}@bench.test`,
      password: 'bench password 1',
    });
    const json = res.json as { user: { id: string }; accessToken: string };
    if (res.status !== 201) throw new Error(`register ${res.status}`);
    users[i] = { id: json.user.id, token: json.accessToken };
  });
  // Group chats need the members' profiles (a projection of the registrations).
  const profiles = app.booted.container.get<Connection>(MONGO_CONNECTION);
  for (;;) {
    const known = await profiles.collection('user_profiles').countDocuments({});
    if (known >= CLIENTS) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const clients: Client[] = [];
  for (let c = 0; c < CHATS; c += 1) {
    const members = users.filter((_, i) => i % CHATS === c);
    const [owner, ...rest] = members;
    if (!owner) continue;
    const res = await app.post(
      '/v1/chats',
      { type: 'group', title: `load ${c}`, memberIds: rest.map((m) => m.id) },
      owner.token,
    );
    if (res.status !== 201) throw new Error(`chat ${res.status} ${JSON.stringify(res.json)}`);
    const chatId = (res.json as { id: string }).id;
    for (const member of members) clients[users.indexOf(member)] = { userId: member.id, chatId };
  }
  return { clients, tokens: users.map((user) => user.token) };
}

async function main(): Promise<void> {
  console.log(
    `ws load: ${CLIENTS} clients, ${CHATS} chats, ${RATE} msg/s each for ${SECONDS}s, ${API_PROCESSES} api process(es)`,
  );
  const app = await startBenchApp();
  const apis: Awaited<ReturnType<typeof spawnApi>>[] = [];
  const baseline = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'ws-baseline-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { clients, tokens } = await polychatClients(app);
    const env = { WS_RATE_FRAMES: '100000', RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '1000000' };
    for (let p = 0; p < API_PROCESSES; p += 1) apis.push(await spawnApi(app.config, env));

    const polychat = await drive(
      clients,
      (i) => `${(apis[i % apis.length] as { base: string }).base.replace('http', 'ws')}/v1/ws`,
      async (socket, client) => {
        const i = clients.indexOf(client);
        await request(socket, 'auth', { token: tokens[i] });
      },
    );
    const port = await new Promise<string>((resolve) =>
      baseline.stdout.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString('utf8'));
        if (match?.[1]) resolve(match[1]);
      }),
    );
    const bare = await drive(
      clients.map((client) => ({ userId: client.userId, chatId: client.chatId })),
      () => `ws://127.0.0.1:${port}`,
      (socket, client) => request(socket, 'join', { chats: [client.chatId] }),
    );
    console.log(report('polychat', polychat));
    console.log(report('bare ws', bare));
    const ratio = (p: number) =>
      (polychat.latencies.percentile(p) / Math.max(0.001, bare.latencies.percentile(p))).toFixed(1);
    console.log(`latency ratio polychat/bare: p50 ${ratio(50)}x  p99 ${ratio(99)}x  p99.9 ${ratio(99.9)}x`);
  } finally {
    for (const api of apis) api.child.kill('SIGTERM');
    baseline.kill('SIGTERM');
    await app.booted.stop();
  }
}

/** Sends a request frame and waits for its ack. */
function request(socket: WebSocket, type: string, payload: unknown): Promise<void> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as { type: string; id?: string; payload?: { ok?: boolean } };
      if (frame.id !== id) return;
      socket.off('message', onMessage);
      if (frame.payload?.ok) resolve();
      else reject(new Error(`${type} refused: ${JSON.stringify(frame.payload)}`));
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type, id, payload }));
  });
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // Clients, children and store clients may hold the event loop open after a failure.
  .finally(() => process.exit());

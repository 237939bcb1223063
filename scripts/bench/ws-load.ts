/**
 * Benchmark (not a test): N WebSocket clients in M group chats sending on a fixed schedule, at
 * rising persisted rates (msgs/s over all clients). For each rate step, in the same run, with the
 * same clients and the same schedule, three servers:
 *   - polychat (`--role api` processes; clients spread over them, so with more than one the Redis
 *     fan-out between processes is on the path), its worker in this process;
 *   - the peer, what a Node developer would build instead: Socket.IO + @socket.io/redis-adapter,
 *     each message persisted with the plain mongodb driver into the same FerretDB, seq from Redis
 *     INCR (scripts/bench/peer-server.ts);
 *   - a bare `ws` broadcast with no storage at all (scripts/bench/ws-baseline-server.ts).
 * Reports the share of expected deliveries that arrived, deliveries/s and p50/p99/p99.9
 * send-to-receive latency measured from each message's *scheduled* send time (a stalled server
 * cannot hide its queueing), and for polychat the Mongo outbox backlog (from its /metrics) at the
 * end of each step. The sustained persisted rate is the highest step with 100% delivered (and, for
 * polychat, the relay backlog 0 at the end of the step).
 *
 *   npx tsx scripts/bench/ws-load.ts [--clients 200] [--chats 20] [--rates 10,20,40,80] [--seconds 20]
 *                                    [--api-processes 1] [--setup-only]
 * `--setup-only` prepares the clients, prints how long that took, and stops.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { io as connectSocketIo } from 'socket.io-client';
import WebSocket from 'ws';
import { spawnApi } from '../../src/testing/process';
import { benchEnv, CHEAP_PASSWORDS, startBenchApp } from './context';
import { connectLiveClient, prepareClients, type BenchClient } from './clients';
import { Latencies, runConcurrently } from './lib';
import { dropBenchDatabases, peerMongoUrl, spawnServer } from './servers';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    chats: { type: 'string', default: '20' },
    rates: { type: 'string', default: '10,20,40,80' },
    seconds: { type: 'string', default: '20' },
    'api-processes': { type: 'string', default: '1' },
    'setup-only': { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(values.clients);
const CHATS = Number(values.chats);
const RATES = values.rates.split(',').map(Number);
const SECONDS = Number(values.seconds);
const API_PROCESSES = Number(values['api-processes']);
const DRAIN_MS = 10_000;

const now = (): number => performance.timeOrigin + performance.now();

/** One open client connection of some server. */
interface Connection {
  send(chatId: string, body: string): void;
  close(): void;
}

/** How to connect a client to one server; `deliver` gets the body of every message pushed to it. */
interface Transport {
  readonly name: string;
  connect(client: BenchClient, index: number, deliver: (body: string) => void): Promise<Connection>;
}

interface Result {
  readonly sent: number;
  readonly expected: number;
  readonly delivered: number;
  readonly latencies: Latencies;
  readonly windowMs: number;
}

/** Opens every client, runs the schedule at `rate` msgs/s in all, waits for stragglers, tallies. */
async function drive(clients: readonly BenchClient[], transport: Transport, rate: number): Promise<Result> {
  const latencies = new Latencies();
  let delivered = 0;
  let lastDelivery = 0;
  const membersOf = new Map<string, number>();
  for (const client of clients) membersOf.set(client.chatId, (membersOf.get(client.chatId) ?? 0) + 1);
  const connections: Connection[] = [];
  await runConcurrently(clients.length, 50, async (i) => {
    const client = clients[i] as BenchClient;
    connections[i] = await transport.connect(client, i, (text) => {
      const body = JSON.parse(text) as { s: number; from: string };
      if (body.from === client.userId) return; // the sender's own echo is not a delivery
      const at = now();
      latencies.record(at - body.s);
      delivered += 1;
      lastDelivery = at;
    });
  });

  const perClientRate = rate / clients.length;
  const perClient = Math.max(1, Math.round(perClientRate * SECONDS));
  const period = 1000 / perClientRate;
  const start = now() + 1000;
  let sent = 0;
  let expected = 0;
  const timers: NodeJS.Timeout[] = [];
  clients.forEach((client, i) => {
    const offset = (i / clients.length) * period; // spread first sends over one period
    for (let j = 0; j < perClient; j += 1) {
      const scheduled = start + offset + j * period;
      timers.push(
        setTimeout(() => {
          connections[i]?.send(client.chatId, JSON.stringify({ s: scheduled, from: client.userId }));
          sent += 1;
          expected += (membersOf.get(client.chatId) ?? 1) - 1;
        }, scheduled - now()),
      );
    }
  });
  const end = start + perClient * period;
  await new Promise((resolve) => setTimeout(resolve, end - now()));
  // Wait for stragglers until nothing arrives for a while (or the drain limit).
  const drainUntil = now() + DRAIN_MS;
  while (now() < drainUntil && delivered < expected && now() - lastDelivery < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const timer of timers) clearTimeout(timer);
  for (const connection of connections) connection.close();
  return { sent, expected, delivered, latencies, windowMs: Math.max(lastDelivery, end) - start };
}

const share = (result: Result): number => (100 * result.delivered) / Math.max(1, result.expected);

function report(name: string, result: Result, extra = ''): string {
  const { latencies } = result;
  return [
    `  ${name.padEnd(9)}`,
    `sent ${result.sent}`,
    `delivered ${result.delivered}/${result.expected} (${share(result).toFixed(2)}%)`,
    `${((result.delivered * 1000) / result.windowMs).toFixed(1)} deliveries/s`,
    `p50 ${latencies.percentile(50).toFixed(1)} ms`,
    `p99 ${latencies.percentile(99).toFixed(1)} ms`,
    `p99.9 ${latencies.percentile(99.9).toFixed(1)} ms`,
    extra,
  ].join('  ');
}

/** A `ws` client of the bare baseline, which speaks polychat's frame shapes (polychat's own clients use the SDK). */
async function wsConnection(
  url: string,
  hello: { type: string; payload: unknown },
  deliver: (body: string) => void,
): Promise<Connection> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { type: string; payload?: { body?: string } };
    if (frame.type === 'message.new' && frame.payload?.body) deliver(frame.payload.body);
  });
  await request(socket, hello.type, hello.payload);
  return {
    send: (chatId, body) =>
      socket.send(
        JSON.stringify({
          type: 'message.send',
          id: randomUUID(),
          payload: { chatId, body, clientMsgId: randomUUID() },
        }),
      ),
    close: () => socket.terminate(),
  };
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

/** polychat's outbox backlog of one store, read from an api process's /metrics. */
async function outboxBacklog(base: string, store: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = new RegExp(`^polychat_outbox_backlog\\{store="${store}"\\} (\\d+)`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

interface Step {
  readonly rate: number;
  readonly polychat: Result;
  readonly peer: Result;
  readonly bare: Result;
  readonly backlog: number | undefined;
}

/** The highest rate that was fully delivered (and, when asked, left the relay's backlog at 0). */
function sustained(steps: readonly Step[], pick: (step: Step) => Result, needsBacklog: boolean): number {
  let best = 0;
  for (const step of steps) {
    const ok = share(pick(step)) >= 100 && (!needsBacklog || step.backlog === 0);
    if (!ok) break;
    best = step.rate;
  }
  return best;
}

async function main(): Promise<void> {
  console.log(
    `ws load: ${CLIENTS} clients in ${CHATS} chats, steps of ${RATES.join(', ')} persisted msgs/s, ` +
      `${SECONDS} s each, ${API_PROCESSES} api process(es)`,
  );
  const app = await startBenchApp(CHEAP_PASSWORDS);
  const children: ChildProcess[] = [];
  const peerUrl = peerMongoUrl(app);
  try {
    const prepared = await prepareClients(app, { users: CLIENTS, chats: CHATS, log: console.log });
    console.log(
      `set-up of ${CLIENTS} clients: ${(prepared.timings.total / 1000).toFixed(1)} s ` +
        `(import ${(prepared.timings.import / 1000).toFixed(1)} s, logins ${(prepared.timings.login / 1000).toFixed(1)} s, ` +
        `visible after ${(prepared.timings.visible / 1000).toFixed(1)} s)`,
    );
    if (values['setup-only']) return;
    const { clients } = prepared;
    const apis: Awaited<ReturnType<typeof spawnApi>>[] = [];
    const apiEnv = { ...benchEnv(app.run), ...CHEAP_PASSWORDS, WS_RATE_FRAMES: '100000' };
    for (let p = 0; p < API_PROCESSES; p += 1) {
      const api = await spawnApi(app.config, apiEnv);
      apis.push(api);
      children.push(api.child);
    }
    const peer = await spawnServer('peer-server.ts', {
      PEER_MONGO_URL: peerUrl,
      PEER_REDIS_URL: app.config.REDIS_URL,
      PEER_PREFIX: `bench:${app.run}:peer:`,
      JWT_SECRET: app.config.JWT_SECRET,
    });
    children.push(peer.child);
    const bare = await spawnServer('ws-baseline-server.ts', {});
    children.push(bare.child);
    const apiBase = (i: number): string => (apis[i % apis.length] as { base: string }).base;

    const transports: Record<'polychat' | 'peer' | 'bare', Transport> = {
      polychat: {
        name: 'polychat',
        connect: (client, i, deliver) => connectLiveClient(apiBase(i), client, deliver),
      },
      peer: {
        name: 'peer',
        connect: async (client, _i, deliver) => {
          const socket = connectSocketIo(`http://127.0.0.1:${peer.port}`, {
            auth: { token: client.token },
            transports: ['websocket'],
            reconnection: false,
          });
          socket.on('message', (message: { body: string }) => deliver(message.body));
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
          await socket.emitWithAck('join', { chats: [client.chatId] });
          return {
            send: (chatId, body) => socket.emit('send', { chatId, body, clientMsgId: randomUUID() }, () => undefined),
            close: () => socket.disconnect(),
          };
        },
      },
      bare: {
        name: 'bare ws',
        connect: (client, _i, deliver) =>
          wsConnection(`ws://127.0.0.1:${bare.port}`, { type: 'join', payload: { chats: [client.chatId] } }, deliver),
      },
    };

    const steps: Step[] = [];
    for (const rate of RATES) {
      console.log(`\nstep: ${rate} persisted msgs/s (${(rate / CLIENTS).toFixed(3)} per client)`);
      const polychat = await drive(clients, transports.polychat, rate);
      const backlog = await outboxBacklog(apiBase(0), 'mongo');
      console.log(report('polychat', polychat, `mongo outbox backlog at the end: ${backlog ?? 'unread'}`));
      const peerResult = await drive(clients, transports.peer, rate);
      console.log(report('peer', peerResult));
      const bareResult = await drive(clients, transports.bare, rate);
      console.log(report('bare ws', bareResult));
      const ratio = (p: number) =>
        (polychat.latencies.percentile(p) / Math.max(0.001, peerResult.latencies.percentile(p))).toFixed(1);
      console.log(`  latency polychat/peer: p50 ${ratio(50)}x  p99 ${ratio(99)}x  p99.9 ${ratio(99.9)}x`);
      steps.push({ rate, polychat, peer: peerResult, bare: bareResult, backlog });
    }

    const ours = sustained(steps, (step) => step.polychat, true);
    const theirs = sustained(steps, (step) => step.peer, false);
    console.log(
      '\nsustained persisted rate (100% delivered and, for polychat, relay backlog 0 at the end of the step):',
    );
    console.log(
      `  polychat ${ours} msgs/s, peer ${theirs} msgs/s, ratio polychat/peer ${theirs > 0 ? (ours / theirs).toFixed(2) : '-'}x` +
        (theirs === RATES[RATES.length - 1] ? ' (the peer kept up at every step: add higher rates)' : ''),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await dropBenchDatabases(app, [peerUrl]);
    await app.booted.stop();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // Clients, children and store clients may hold the event loop open after a failure.
  .finally(() => process.exit());

/**
 * Benchmark (not a test): REST send throughput, `POST /v1/chats/:id/messages` with autocannon, of
 * polychat (its api as its own process, `--role api`, as deployed; the worker with the relay and
 * projections in this process) against the express + plain mongodb driver peer
 * (scripts/bench/peer-server.ts, its own process: same FerretDB, seq from Redis INCR), at each
 * concurrency, in the same run, with the same users, chats, tokens and request mix (every request a unique clientMsgId,
 * the chats taken in turn). Reports req/s, p50, p99, non-2xx responses and the ratio polychat/peer.
 *
 *   npx tsx scripts/bench/rest-send.ts [--concurrency 8,32] [--seconds 20] [--chats 8] [--users 32]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { spawnApi } from '../../src/testing/process';
import { benchEnv, CHEAP_PASSWORDS, startBenchApp } from './context';
import { prepareClients, type BenchClient } from './clients';
import { dropBenchDatabases, peerMongoUrl, spawnServer } from './servers';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '8,32' },
    seconds: { type: 'string', default: '20' },
    chats: { type: 'string', default: '8' },
    users: { type: 'string', default: '32' },
  },
});
const CONCURRENCY = values.concurrency.split(',').map(Number);
const SECONDS = Number(values.seconds);

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
}

/** autocannon at `connections` against `base`, each request to the next client's chat as that client. */
async function load(base: string, clients: readonly BenchClient[], connections: number): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const client = clients[next % clients.length] as BenchClient;
          next += 1;
          return {
            ...request,
            path: `/v1/chats/${client.chatId}/messages`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
            body: JSON.stringify({ body: `rest bench ${next}`, clientMsgId: randomUUID() }),
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const line = (name: string, figures: Figures): string =>
  `  ${name.padEnd(9)} ${figures.rps.toFixed(1).padStart(7)} req/s  p50 ${figures.p50.toFixed(1)} ms  ` +
  `p99 ${figures.p99.toFixed(1)} ms  ${figures.ok} ok, ${figures.failed} failed`;

async function main(): Promise<void> {
  console.log(`rest send: concurrency ${CONCURRENCY.join(', ')}, ${SECONDS} s each`);
  const app = await startBenchApp(CHEAP_PASSWORDS);
  const peerUrl = peerMongoUrl(app);
  const peer = await spawnServer('peer-server.ts', {
    PEER_MONGO_URL: peerUrl,
    PEER_REDIS_URL: app.config.REDIS_URL,
    PEER_PREFIX: `bench:${app.run}:peer:`,
    JWT_SECRET: app.config.JWT_SECRET,
  });
  // autocannon runs here: the api gets a process of its own, like the peer, so neither shares an
  // event loop with the load generator.
  const api = await spawnApi(app.config, { ...benchEnv(app.run), ...CHEAP_PASSWORDS });
  try {
    const { clients } = await prepareClients(app, { users: Number(values.users), chats: Number(values.chats) });
    for (const connections of CONCURRENCY) {
      console.log(`\nconcurrency ${connections}:`);
      const ours = await load(api.base, clients, connections);
      console.log(line('polychat', ours));
      const theirs = await load(`http://127.0.0.1:${peer.port}`, clients, connections);
      console.log(line('peer', theirs));
      console.log(
        `  ratio polychat/peer: throughput ${(ours.rps / Math.max(0.001, theirs.rps)).toFixed(2)}x, ` +
          `p50 ${(ours.p50 / Math.max(0.001, theirs.p50)).toFixed(1)}x, p99 ${(ours.p99 / Math.max(0.001, theirs.p99)).toFixed(1)}x`,
      );
    }
  } finally {
    api.child.kill('SIGTERM');
    peer.child.kill('SIGTERM');
    await dropBenchDatabases(app, [peerUrl]);
    await app.booted.stop();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());

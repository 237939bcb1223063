/**
 * Benchmark (not a test): is the message path flat as data grows? For each size, in a fresh
 * benchmark database, stores that many messages over `--chats` group chats (one chat holding
 * `--big-share` of them, e.g. 100,000 of 1,000,000) through polychat's import path (the datasets
 * module's ImportDataset, so the documents are whatever the chats module writes), waits until the
 * relay has published the import and the consumers have caught up with it (Mongo outbox backlog
 * and Kafka consumer lag 0 on /metrics), then measures through the REST API: send throughput and
 * p50/p99 (`--sends` over 8 chats, `--concurrency` at a time), how long the consumers then take
 * to catch up with those sends, and, once they have, the history page (limit 50, at random depths
 * of the big chat) p50/p99 at each `--read-concurrency` (one reader: a user paging; more: the
 * server's page throughput). Prints each figure at every size and the ratio
 * largest/smallest.
 *
 *   npx tsx scripts/bench/messages.ts [--sizes 10000,1000000] [--chats 1000] [--big-share 0.1]
 *                                     [--sends 1000] [--reads 1000] [--concurrency 8]
 *                                     [--read-concurrency 1,8] [--settle-minutes 30]
 * In development, small: --sizes 2000,20000 --chats 100
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CHEAP_PASSWORDS, startBenchApp, type BenchApp } from './context';
import { prepareClients, type StoredMessages } from './clients';
import { Latencies, runConcurrently } from './lib';
import { dropBenchDatabases } from './servers';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,1000000' },
    chats: { type: 'string', default: '1000' },
    'big-share': { type: 'string', default: '0.1' },
    sends: { type: 'string', default: '1000' },
    reads: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    'read-concurrency': { type: 'string', default: '1,8' },
    'settle-minutes': { type: 'string', default: '30' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const CHATS = Number(values.chats);
const BIG_SHARE = Number(values['big-share']);
const SENDS = Number(values.sends);
const READS = Number(values.reads);
const CONCURRENCY = Number(values.concurrency);
const READ_CONCURRENCY = values['read-concurrency'].split(',').map(Number);
const SETTLE_MS = Number(values['settle-minutes']) * 60_000;

interface SizeFigures {
  readonly size: number;
  readonly big: number;
  readonly setupMs: number;
  readonly settleMs: number;
  /** From the last send's reply until its events were published and consumed. */
  readonly sendsSettleMs: number;
  readonly backlogAtStart: number | undefined;
  readonly lagAtStart: number | undefined;
  readonly sendRate: number;
  readonly send: Latencies;
  /** History page latencies by read concurrency. */
  readonly history: ReadonlyMap<number, Latencies>;
}

/** The big chat holds `size * BIG_SHARE`; the rest is spread evenly over the other chats. */
function distribution(size: number): StoredMessages[] {
  const big = Math.round(size * BIG_SHARE);
  const rest = size - big;
  const others = CHATS - 1;
  return [
    { chatIndex: 0, count: big },
    ...Array.from({ length: others }, (_, i) => ({
      chatIndex: i + 1,
      count: Math.floor(rest / others) + (i < rest % others ? 1 : 0),
    })).filter((spec) => spec.count > 0),
  ];
}

/**
 * polychat's Mongo outbox backlog and the sum of its Kafka consumer groups' lag, from /metrics
 * (undefined when a reading failed).
 */
async function backlogs(app: BenchApp): Promise<{ outbox: number | undefined; lag: number | undefined }> {
  const text = await (await fetch(`${app.base}/metrics`)).text();
  const outbox = /^polychat_outbox_backlog\{store="mongo"\} (\d+)/m.exec(text)?.[1];
  const lags = [...text.matchAll(/^polychat_kafka_consumer_lag\{[^}]*\} (\d+)/gm)].map((match) => Number(match[1]));
  return {
    outbox: outbox === undefined ? undefined : Number(outbox),
    lag: lags.length === 0 ? undefined : lags.reduce((sum, lag) => sum + lag, 0),
  };
}

/**
 * Waits (up to `--settle-minutes`) until the Mongo outbox backlog and the consumers' lag are 0,
 * printing progress every 30 s; returns the time it took and the last readings.
 */
async function settle(
  app: BenchApp,
  label: string,
): Promise<{ ms: number; outbox: number | undefined; lag: number | undefined }> {
  const started = performance.now();
  let backlog = await backlogs(app);
  let shown = performance.now();
  while ((backlog.outbox !== 0 || backlog.lag !== 0) && performance.now() - started < SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    backlog = await backlogs(app);
    if (performance.now() - shown > 30_000) {
      console.log(
        `  ${label}: mongo outbox backlog ${backlog.outbox ?? 'unread'}, consumer lag ${backlog.lag ?? 'unread'}`,
      );
      shown = performance.now();
    }
  }
  return { ms: performance.now() - started, ...backlog };
}

async function measure(size: number): Promise<SizeFigures> {
  const app = await startBenchApp(CHEAP_PASSWORDS);
  try {
    const stored = distribution(size);
    const big = stored[0]?.count ?? 0;
    const started = performance.now();
    // Two members per chat; only each chat's owner (the first CHATS users) needs a token.
    const { clients, chatIds, timings } = await prepareClients(app, {
      users: CHATS * 2,
      chats: CHATS,
      messages: stored,
      logins: CHATS,
      log: (line) => console.log(`  [${size}] ${line}`),
    });
    const setupMs = performance.now() - started;
    const ownerOf = (chat: number): string => (clients[chat] as { token: string }).token;
    const bigChat = chatIds[0] as string;
    // The import is visible once the big chat's latest page ends at its last seq.
    for (;;) {
      const res = await app.get(`/v1/chats/${bigChat}/messages?limit=1`, ownerOf(0));
      const items = (res.json as { items?: { seq: number }[] }).items ?? [];
      if (res.status === 200 && (items[0]?.seq ?? 0) >= big) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Measure once the relay has published the import and the consumers (search, analytics,
    // notifications) have processed it, so the figures are the live path's own.
    const settled = await settle(app, `[${size}] import`);
    console.log(
      `  [${size}] set-up ${(setupMs / 1000).toFixed(1)} s (import ${(timings.import / 1000).toFixed(1)} s), ` +
        `settled in ${(settled.ms / 1000).toFixed(1)} s (outbox backlog ${settled.outbox ?? 'unread'}, ` +
        `consumer lag ${settled.lag ?? 'unread'})`,
    );

    const send = new Latencies();
    const sendMs = await runConcurrently(SENDS, CONCURRENCY, async (i) => {
      const chat = i % Math.min(8, CHATS);
      const at = performance.now();
      const res = await app.post(
        `/v1/chats/${chatIds[chat] ?? ''}/messages`,
        { body: `bench ${i}`, clientMsgId: randomUUID() },
        ownerOf(chat),
      );
      if (res.status !== 201) throw new Error(`send ${res.status} ${JSON.stringify(res.json)}`);
      send.record(performance.now() - at);
    });
    // The sends' events pass through the same process's consumers: history pages are measured once
    // they have (a figure of its own: the consumers' cost of a send as the stores grow).
    const afterSends = await settle(app, `[${size}] sends`);
    console.log(`  [${size}] ${SENDS} sends' events published and consumed in ${(afterSends.ms / 1000).toFixed(1)} s`);
    const history = new Map<number, Latencies>();
    for (const readers of READ_CONCURRENCY) {
      const pages = new Latencies();
      await runConcurrently(READS, readers, async () => {
        const before = 2 + Math.floor(Math.random() * big);
        const at = performance.now();
        const res = await app.get(`/v1/chats/${bigChat}/messages?before=${before}&limit=50`, ownerOf(0));
        if (res.status !== 200) throw new Error(`history ${res.status}`);
        pages.record(performance.now() - at);
      });
      history.set(readers, pages);
    }
    return {
      size,
      big,
      setupMs,
      settleMs: settled.ms,
      sendsSettleMs: afterSends.ms,
      backlogAtStart: settled.outbox,
      lagAtStart: settled.lag,
      sendRate: (SENDS * 1000) / sendMs,
      send,
      history,
    };
  } finally {
    await dropBenchDatabases(app, []);
    await app.booted.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `messages benchmark: sizes ${SIZES.join(', ')} over ${CHATS} chats (${BIG_SHARE * 100}% in one), ` +
      `${SENDS} sends, ${READS} history pages, concurrency ${CONCURRENCY}`,
  );
  const results: SizeFigures[] = [];
  for (const size of SIZES) results.push(await measure(size));
  console.log('');
  const pages = (r: SizeFigures): string =>
    [...r.history]
      .map(
        ([readers, l]) =>
          `c${readers} p50 ${l.percentile(50).toFixed(1)} ms p99 ${l.percentile(99).toFixed(1)} ms ` +
          `p99.9 ${l.percentile(99.9).toFixed(1)} ms`,
      )
      .join(', ');
  for (const r of results) {
    const settled = r.backlogAtStart === 0 && r.lagAtStart === 0;
    console.log(
      `stored ${String(r.size).padStart(9)} (big chat ${r.big}):  send ${r.sendRate.toFixed(1)} msgs/s ` +
        `p50 ${r.send.percentile(50).toFixed(1)} ms p99 ${r.send.percentile(99).toFixed(1)} ms, ` +
        `consumed ${(r.sendsSettleMs / 1000).toFixed(1)} s after  |  history ${pages(r)}` +
        (settled
          ? ''
          : `  (outbox backlog ${r.backlogAtStart ?? 'unread'}, consumer lag ${r.lagAtStart ?? 'unread'} when measured)`),
    );
  }
  const small = results[0];
  const large = results[results.length - 1];
  if (small && large && large !== small) {
    const x = (a: number, b: number): string => `${(a / Math.max(0.001, b)).toFixed(2)}x`;
    const ratios = READ_CONCURRENCY.map((readers) => {
      const [l, s] = [large.history.get(readers), small.history.get(readers)];
      return l && s
        ? `history c${readers} p50 ${x(l.percentile(50), s.percentile(50))} p99 ${x(l.percentile(99), s.percentile(99))}`
        : '';
    });
    console.log(
      `ratio ${large.size}/${small.size}: send time ${x(small.sendRate, large.sendRate)}, ` +
        `send p99 ${x(large.send.percentile(99), small.send.percentile(99))}, ${ratios.join(', ')}  (target <= 1.5x)`,
    );
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());

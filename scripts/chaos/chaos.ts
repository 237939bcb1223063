import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerName } from '../stack/types';
import { FaultStack } from './fault-stack';

/**
 * `npm run chaos [-- --short]`: under a steady, bounded load of REST sends retried with their
 * clientMsgId, kill -9 each store (and polychat itself) in turn, bring it back, and check that
 * nothing acknowledged was lost or duplicated, seqs have no gaps, the projections do not drift
 * (`polychat reconcile` scoped to the chats used), /readyz is 200 within 15 s of the server's
 * return, and no request got a 5xx other than 503. Runs on a stack of its own (own folder and
 * ports, started here and stopped at the end), so dev and test servers are never touched.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
type Fault = ServerName | 'polychat';
const FULL: readonly Fault[] = ['ferretdb', 'redis', 'kafka', 'neo4j', 'postgres', 'polychat'];
const SHORT: readonly Fault[] = ['postgres', 'ferretdb'];
const ALL_SERVERS: readonly ServerName[] = ['postgres', 'redis', 'kafka', 'neo4j', 'ferretdb'];
const READY_TARGET_MS = 15_000;

const { values: flags } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    chats: { type: 'string', default: '3' },
    'down-seconds': { type: 'string' },
    'keep-stack': { type: 'boolean', default: false },
  },
});
const faults = flags.short ? SHORT : FULL;
const downMs = Number(flags['down-seconds'] ?? (flags.short ? 5 : 8)) * 1000;
const chatCount = Number(flags.chats);

const dir = process.env['POLYCHAT_CHAOS_DIR'] ?? path.join(tmpdir(), 'polychat-chaos');
const stack = new FaultStack(path.join(dir, 'stack'), {
  // Below 32768: Linux hands out ephemeral ports from 32768 up, and one may take a port meant for us.
  postgres: 15432,
  ferretdb: 17017,
  redis: 16379,
  kafka: 19092,
  kafkaController: 19093,
  neo4j: 17687,
});
const httpPort = Number(process.env['POLYCHAT_CHAOS_HTTP_PORT'] ?? 18080);
const base = `http://127.0.0.1:${httpPort}`;
const appEnv: Record<string, string> = {
  POLYCHAT_ENV: 'dev',
  HTTP_PORT: String(httpPort),
  LOG_DIR: path.join(dir, 'logs'),
  LOG_CONSOLE: 'false',
  LOG_LEVEL: 'warn',
  ...stack.urls('polychat_chaos'),
  NEO4J_URL: `bolt://127.0.0.1:${stack.ports.neo4j}`,
  KAFKA_BROKERS: `127.0.0.1:${stack.ports.kafka}`,
  KAFKA_TOPIC_PREFIX: 'chaos.',
  KAFKA_CONSUMER_GROUP: 'polychat-chaos',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '10000',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_ITERATIONS: '1',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** The polychat process (api + worker) under test: spawned in its own process group so kill -9 takes all of it. */
class Polychat {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  start(): void {
    mkdirSync(appEnv['LOG_DIR'] as string, { recursive: true });
    const out = openSync(path.join(dir, 'polychat.out'), 'a');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, ...appEnv, NODE_OPTIONS: '--max-old-space-size=512' },
        stdio: ['ignore', out, out],
        detached: true,
      });
      this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
      this.child = child;
    } finally {
      closeSync(out);
    }
  }

  async kill9(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null) throw new Error('polychat is not running');
    process.kill(-pid, 'SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(-pid, 'SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!done) {
      process.kill(-pid, 'SIGKILL');
      await this.exited;
    }
  }
}

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One HTTP call; a refused or timed-out connection is status 0. */
async function call(method: string, url: string, token?: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Polls /readyz until 200; the milliseconds it took, or undefined after `ms`. */
async function untilReady(ms: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await call('GET', '/readyz')).status === 200) return Date.now() - started;
    await sleep(200);
  }
  return undefined;
}

interface User {
  readonly id: string;
  readonly token: string;
}
interface Ack {
  readonly chatId: string;
  readonly clientMsgId: string;
}
interface PhaseStats {
  acked: number;
  serverErrors: number;
  unavailable: number;
  refused: number;
  rejected: number;
  unacked: number;
  statuses: Record<string, number>;
}
const newStats = (): PhaseStats => ({
  acked: 0,
  serverErrors: 0,
  unavailable: 0,
  refused: 0,
  rejected: 0,
  unacked: 0,
  statuses: {},
});

/** Steady, bounded load: one sender per chat, each send retried with its clientMsgId until acknowledged. */
class Load {
  readonly acks: Ack[] = [];
  private running = false;
  private senders: Promise<void>[] = [];
  stats = newStats();

  constructor(
    private readonly chats: readonly { id: string; sender: User }[],
    private readonly giveUpMs = 90_000,
  ) {}

  start(): void {
    this.running = true;
    this.senders = this.chats.map((chat) => this.sender(chat.id, chat.sender));
  }

  /** Stops sending new messages and waits until every send in flight was acknowledged (or given up). */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.senders);
  }

  private async sender(chatId: string, user: User): Promise<void> {
    for (let n = 0; this.running; n += 1) {
      const clientMsgId = randomUUID();
      const started = Date.now();
      for (;;) {
        const res = await call('POST', `/v1/chats/${chatId}/messages`, user.token, {
          body: `chaos ${n}`,
          clientMsgId,
        });
        const stats = this.stats;
        stats.statuses[String(res.status)] = (stats.statuses[String(res.status)] ?? 0) + 1;
        if (res.status === 200 || res.status === 201) {
          stats.acked += 1;
          this.acks.push({ chatId, clientMsgId });
          break;
        }
        if (res.status === 0) stats.refused += 1;
        else if (res.status === 503) stats.unavailable += 1;
        else if (res.status >= 500) stats.serverErrors += 1;
        else {
          stats.rejected += 1;
          break; // a 4xx for a valid send is a bug to report, not to retry
        }
        if (Date.now() - started > this.giveUpMs) {
          stats.unacked += 1;
          break;
        }
        await sleep(250);
      }
      await sleep(50);
    }
  }
}

/** Every message of a chat, in seq order. */
async function history(chatId: string, token: string): Promise<{ seq: number; clientMsgId: string }[]> {
  const items: { seq: number; clientMsgId: string }[] = [];
  let after = 0;
  for (;;) {
    const res = await call('GET', `/v1/chats/${chatId}/messages?after=${after}&limit=200`, token);
    if (res.status !== 200) throw new Error(`history of ${chatId}: ${res.status} ${JSON.stringify(res.body)}`);
    const page = res.body['items'] as { seq: number; clientMsgId: string }[];
    items.push(...page);
    if (res.body['nextCursor'] === null || page.length === 0) return items;
    after = page.at(-1)?.seq ?? after;
  }
}

/** Runs the polychat CLI against the chaos stack; its exit code and output. */
function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/polychat', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...appEnv, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Row {
  readonly fault: Fault;
  readonly acked: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly gaps: number;
  readonly drift: number | undefined;
  readonly readyMs: number | undefined;
  readonly stats: PhaseStats;
}

/** lost, duplicated and seq gaps over every chat, for every acknowledgement so far. */
async function integrity(
  load: Load,
  chats: readonly { id: string; sender: User }[],
): Promise<{ lost: number; duplicated: number; gaps: number }> {
  let lost = 0;
  let duplicated = 0;
  let gaps = 0;
  for (const chat of chats) {
    const items = await history(chat.id, chat.sender.token);
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.clientMsgId, (counts.get(item.clientMsgId) ?? 0) + 1);
    duplicated += [...counts.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
    lost += load.acks.filter((ack) => ack.chatId === chat.id && !counts.has(ack.clientMsgId)).length;
    const seqs = items.map((item) => item.seq);
    const last = seqs.at(-1) ?? 0;
    gaps += last - new Set(seqs).size;
  }
  return { lost, duplicated, gaps };
}

/** Remaining drift of the chats and users used, by `polychat reconcile --json`; undefined if it failed to run. */
async function drift(chats: readonly string[], users: readonly string[]): Promise<number | undefined> {
  const res = await cli([
    'reconcile',
    '--chats',
    chats.join(','),
    '--users',
    users.join(','),
    '--settle',
    '5000',
    '--json',
  ]);
  const line = res.stdout.split('\n').find((text) => text.startsWith('{"outcomes"'));
  if (!line) {
    log(`reconcile exited ${res.code}: ${res.stderr.slice(0, 500)}`);
    return undefined;
  }
  return (JSON.parse(line) as { remaining: number }).remaining;
}

async function setup(): Promise<{ users: User[]; chats: { id: string; sender: User }[] }> {
  const users: User[] = [];
  for (let i = 0; i < chatCount + 1; i += 1) {
    const username = `chaos_${randomUUID().slice(0, 8)}`;
    const res = await call('POST', '/v1/auth/register', undefined, {
      username,
      email: `${username}@example.test`,
      password: 'correct horse battery',
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    users.push({ id: (res.body['user'] as { id: string }).id, token: res.body['accessToken'] as string });
  }
  const chats: { id: string; sender: User }[] = [];
  for (let i = 0; i < chatCount; i += 1) {
    const owner = users[i] as User;
    const members = users.filter((user) => user !== owner).map((user) => user.id);
    const deadline = Date.now() + 30_000;
    for (;;) {
      // New users reach the chats module's copy asynchronously (issue 13, item 11): retry a 404.
      const res = await call('POST', '/v1/chats', owner.token, {
        type: 'group',
        title: `chaos ${i}`,
        memberIds: members,
      });
      if (res.status === 201) {
        chats.push({ id: res.body['id'] as string, sender: owner });
        break;
      }
      if (Date.now() > deadline) throw new Error(`create chat: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(300);
    }
  }
  return { users, chats };
}

async function runFault(
  fault: Fault,
  polychat: Polychat,
  load: Load,
  chats: { id: string; sender: User }[],
  users: User[],
): Promise<Row> {
  log(`${fault}: load on, then kill -9`);
  load.stats = newStats();
  load.start();
  await sleep(3000);
  if (fault === 'polychat') await polychat.kill9();
  else await stack.kill(fault);
  await sleep(downMs);
  log(`${fault}: restarting`);
  if (fault === 'polychat') polychat.start();
  else await stack.up([fault]);
  const readyMs = await untilReady(60_000);
  log(`${fault}: ready after ${readyMs === undefined ? 'never (60 s)' : `${(readyMs / 1000).toFixed(1)} s`}`);
  await sleep(5000);
  await load.stop();
  const stats = load.stats;
  const checking = Date.now();
  const { lost, duplicated, gaps } = await integrity(load, chats);
  const remaining = await drift(
    chats.map((chat) => chat.id),
    users.map((user) => user.id),
  );
  log(`${fault}: checked (history and reconcile) in ${((Date.now() - checking) / 1000).toFixed(0)} s`);
  return { fault, acked: stats.acked, lost, duplicated, gaps, drift: remaining, readyMs, stats };
}

interface Check {
  readonly fault: Fault;
  readonly name: string;
  readonly ok: boolean;
}

function checksOf(row: Row): Check[] {
  return [
    { fault: row.fault, name: 'lost', ok: row.lost === 0 },
    { fault: row.fault, name: 'duplicated', ok: row.duplicated === 0 },
    { fault: row.fault, name: 'gaps', ok: row.gaps === 0 },
    { fault: row.fault, name: 'drift', ok: row.drift === 0 },
    { fault: row.fault, name: 'ready', ok: row.readyMs !== undefined && row.readyMs <= READY_TARGET_MS },
    { fault: row.fault, name: '5xx', ok: row.stats.serverErrors === 0 && row.stats.rejected === 0 },
  ];
}

function printTable(rows: readonly Row[]): void {
  const header = [
    'fault',
    'acked',
    'lost',
    'dup',
    'gaps',
    'drift',
    'ready s',
    '5xx',
    '503',
    'refused',
    '4xx',
    'result',
  ];
  const lines = rows.map((row) => [
    row.fault,
    String(row.acked),
    String(row.lost),
    String(row.duplicated),
    String(row.gaps),
    row.drift === undefined ? 'error' : String(row.drift),
    row.readyMs === undefined ? 'never' : (row.readyMs / 1000).toFixed(1),
    String(row.stats.serverErrors),
    String(row.stats.unavailable),
    String(row.stats.refused),
    String(row.stats.rejected),
    checksOf(row).every((check) => check.ok) ? 'ok' : 'FAIL',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`stack in ${stack.dir} (ports ${JSON.stringify(stack.ports)}), polychat on ${base}`);
  await stack.down([...ALL_SERVERS]).catch(() => undefined); // a previous run that died half-way
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const polychat = new Polychat();
  const rows: Row[] = [];
  try {
    await stack.up([...ALL_SERVERS]);
    log('stack up; migrating');
    const migrated = await cli(['migrate']);
    if (migrated.code !== 0) throw new Error(`migrate exited ${migrated.code}: ${migrated.stderr}`);
    polychat.start();
    const bootMs = await untilReady(120_000);
    if (bootMs === undefined) throw new Error(`polychat never became ready; see ${path.join(dir, 'polychat.out')}`);
    const { users, chats } = await setup();
    log(`${users.length} users, ${chats.length} chats; faults: ${faults.join(', ')}`);
    const load = new Load(chats);
    for (const fault of faults) rows.push(await runFault(fault, polychat, load, chats, users));
  } finally {
    await polychat.stop();
    if (!flags['keep-stack']) await stack.down([...ALL_SERVERS]).catch((error: unknown) => log(String(error)));
  }
  console.log('');
  console.log(
    `chaos ${flags.short ? '--short ' : ''}(${faults.length} faults, ${downMs / 1000} s down each, ${((Date.now() - started) / 1000).toFixed(0)} s):`,
  );
  printTable(rows);
  const checks = rows.flatMap(checksOf);
  for (const check of checks.filter((c) => !c.ok)) console.log(`FAILED: ${check.fault} ${check.name}`);
  const passed = checks.filter((check) => check.ok).length;
  const failed = checks.length - passed + (faults.length - rows.length) * 6;
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  console.log(`0 passed, ${faults.length * 6} failed`);
  process.exitCode = 1;
});

/**
 * The benchmarks' fast set-up of users and group chats, through polychat's public surfaces: a
 * dataset in the import format (docs/import-format.md) written to a temporary folder, imported
 * in-process by the datasets module's ImportDataset use case (so every record is written by the
 * owning module, events and projections included), then one REST login per user for its tokens
 * (argon2 at its cheapest in the bench's config, see CHEAP_PASSWORDS). Registration through the API
 * took over 13 minutes for 1,000 users (argon2 per user, then the profile projection).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { PASSWORD_HASHER, type PasswordHasher } from '../../src/modules/auth';
import { messageIdOf } from '../../src/modules/chats';
import { ImportDataset } from '../../src/modules/datasets';
import { createPolychatClient, webSocketUrlOf, type PolychatSocket, type Tokens } from '../../src/sdk/index.js';
import WebSocket from 'ws';
import type { BenchApp } from './context';
import { runConcurrently } from './lib';

/** A benchmark user: its id, access token ('' when not logged in) and the chat it sends to. */
export interface BenchClient {
  readonly userId: string;
  readonly chatId: string;
  readonly token: string;
  /** Its session's tokens (undefined when not logged in), for the SDK. */
  readonly tokens?: Tokens;
}

/** Messages to store before a benchmark: `count` in `chat` (seq 1..count), bodies made up. */
export interface StoredMessages {
  readonly chatIndex: number;
  readonly count: number;
}

export interface ClientsOptions {
  readonly users: number;
  /** Group chats; user i is in chat i % chats, and the first user of a chat owns it. */
  readonly chats: number;
  /** Messages already stored when the benchmark starts (imported with the users and chats). */
  readonly messages?: readonly StoredMessages[];
  /** Log in only the first `logins` users (each chat's owner is among the first `chats`); default all. */
  readonly logins?: number;
  /** Progress lines on stdout. */
  readonly log?: (line: string) => void;
}

export interface PreparedClients {
  readonly clients: BenchClient[];
  readonly chatIds: string[];
  /** Milliseconds: writing the dataset, importing it, logging everyone in, waiting until visible. */
  readonly timings: Readonly<Record<'write' | 'import' | 'login' | 'visible' | 'total', number>>;
}

const PASSWORD = 'bench password 1';

/**
 * argon2 0.45 writes its parameters as `m=..,p=..,t=..`, while the import format's check wants
 * `m=..,t=..,p=..` (src/modules/datasets/application/records.ts): reported to the lead. The
 * parameters are read by name when verifying, so their order does not matter to a login.
 */
function phcInImportOrder(hash: string): string {
  return hash.replace(/\$m=(\d+),p=(\d+),t=(\d+)\$/, '$m=$1,t=$3,p=$2$');
}

/** Writes JSON lines to a file, respecting back-pressure. */
async function writeLines(file: string, lines: Iterable<unknown>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* messageRecords(spec: StoredMessages, chatId: string, members: readonly string[], createdAt: Date): Generator {
  for (let seq = 1; seq <= spec.count; seq += 1) {
    yield {
      id: messageIdOf(chatId, seq), // imports require the id derived from chat and seq (0031)
      chatId,
      seq,
      senderId: members[seq % members.length],
      body: `stored message ${seq}`,
      createdAt: new Date(createdAt.getTime() + seq).toISOString(),
    };
  }
}

/**
 * Creates `users` users in `chats` group chats (plus any stored messages) and returns each user's
 * token and chat once polychat serves every chat to one of its members.
 */
export async function prepareClients(app: BenchApp, options: ClientsOptions): Promise<PreparedClients> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const { container } = app.booted;
  const dir = await mkdtemp(path.join(os.tmpdir(), `polychat-bench-${app.run}-`));
  try {
    const passwordHash = phcInImportOrder(await container.get<PasswordHasher>(PASSWORD_HASHER).hash(PASSWORD));
    const createdAt = new Date(Date.now() - 86_400_000);
    const users = Array.from({ length: options.users }, (_, i) => ({
      id: randomUUID(),
      username: `b${app.run}_${i}`,
      email: `b${app.run}_${i}@bench.test`,
      displayName: `bench ${i}`,
      passwordHash,
      createdAt: createdAt.toISOString(),
    }));
    const chats = Array.from({ length: options.chats }, (_, c) => ({
      id: randomUUID(),
      type: 'group',
      title: `bench ${c}`,
      createdAt: createdAt.toISOString(),
      members: users
        .filter((_, i) => i % options.chats === c)
        .map((user, rank) => ({
          userId: user.id,
          role: rank === 0 ? 'owner' : 'member',
          joinedAt: createdAt.toISOString(),
        })),
    }));
    await writeLines(path.join(dir, 'users.jsonl'), users);
    await writeLines(path.join(dir, 'chats.jsonl'), chats);
    const stored = options.messages ?? [];
    await writeLines(
      path.join(dir, 'messages.jsonl'),
      (function* () {
        for (const spec of stored) {
          const chat = chats[spec.chatIndex];
          if (!chat) throw new Error(`no chat ${spec.chatIndex}`);
          yield* messageRecords(
            spec,
            chat.id,
            chat.members.map((member) => member.userId),
            createdAt,
          );
        }
      })(),
    );
    const written = performance.now();
    log(`set-up: dataset written (${options.users} users, ${options.chats} chats)`);

    const report = await container
      .get(ImportDataset)
      .run({ dir, rejectsDir: path.join(dir, 'rejects'), batchSize: 1000, restart: true });
    const rejected = report.steps.reduce((sum, step) => sum + step.rejected, 0);
    if (rejected > 0) {
      const files = await readdir(path.join(dir, 'rejects'));
      const first = await Promise.all(
        files.map(async (file) => (await readFile(path.join(dir, 'rejects', file), 'utf8')).split('\n')[0]),
      );
      throw new Error(`import rejected ${rejected} records, e.g.:\n${first.join('\n')}`);
    }
    const imported = performance.now();
    log(`set-up: imported in ${((imported - written) / 1000).toFixed(1)} s`);

    const tokens: Tokens[] = [];
    await runConcurrently(Math.min(options.logins ?? users.length, users.length), 16, async (i) => {
      const user = users[i] as (typeof users)[number];
      const client = createPolychatClient({ baseUrl: app.base });
      const session = await client.login({ username: user.username, password: PASSWORD });
      tokens[i] = { accessToken: session.accessToken, refreshToken: session.refreshToken };
    });
    const loggedIn = performance.now();
    log(`set-up: logged in in ${((loggedIn - imported) / 1000).toFixed(1)} s`);

    // Visible: every chat is served to its owner (polled, no fixed wait).
    const deadline = performance.now() + 120_000;
    await runConcurrently(chats.length, 8, async (c) => {
      const chat = chats[c] as (typeof chats)[number];
      const owner = users.findIndex((user) => user.id === chat.members[0]?.userId);
      const client = createPolychatClient({ baseUrl: app.base, ...(tokens[owner] ? { tokens: tokens[owner] } : {}) });
      for (;;) {
        const { response } = await client.rest.GET('/v1/chats/{id}', { params: { path: { id: chat.id } } });
        if (response.status === 200) return;
        if (performance.now() > deadline) throw new Error(`chat ${chat.id} not visible: ${response.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const visible = performance.now();
    const clients = users.map((user, i) => ({
      userId: user.id,
      chatId: (chats[i % options.chats] as (typeof chats)[number]).id,
      token: tokens[i]?.accessToken ?? '',
      ...(tokens[i] ? { tokens: tokens[i] } : {}),
    }));
    return {
      clients,
      chatIds: chats.map((chat) => chat.id),
      timings: {
        write: written - started,
        import: imported - written,
        login: loggedIn - imported,
        visible: visible - loggedIn,
        total: visible - started,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `ws` without compression, as the bare baseline's clients use it. */
class PlainWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { perMessageDeflate: false });
  }
}

/** A load client's live connection: sends without waiting for the ack, hears every message's body. */
export interface LiveClient {
  send(chatId: string, body: string): void;
  close(): void;
}

/**
 * Connects `client` to polychat's /v1/ws at `base` with the SDK's socket (authenticated, its chat
 * tracked, catch-up by sync on a gap, no reconnect: a lost connection must show in the figures).
 */
export async function connectLiveClient(
  base: string,
  client: BenchClient,
  deliver: (body: string) => void,
): Promise<LiveClient> {
  if (!client.tokens) throw new Error(`bench user ${client.userId} is not logged in`);
  const socket: PolychatSocket = createPolychatClient({ baseUrl: base, tokens: client.tokens }).socket({
    url: webSocketUrlOf(base),
    WebSocket: PlainWebSocket,
    reconnect: false,
    pingIntervalMs: 0,
  });
  socket.on('message.new', (message) => {
    if (message.body) deliver(message.body);
  });
  await socket.connect();
  return {
    send: (chatId, body) => {
      socket.sendMessage(chatId, body).catch(() => undefined); // an unacknowledged send shows as undelivered
    },
    close: () => void socket.close(),
  };
}

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import { explainFind, type QueryPlan } from '../../../src/testing/mongo-plans';
import { aptInstall, onPath, run } from '../exec';
import { repoRoot } from '../paths';
import { sleep } from '../process';
import type { StackPaths, StackServer } from '../types';

const PORT = Number(process.env['POLYCHAT_STACK_FERRETDB_PORT'] ?? 27017);
const URI = `mongodb://127.0.0.1:${PORT}/?directConnection=true`;
/** Our tiny Go main embedding github.com/FerretDB/FerretDB/ferretdb; its go.mod pins the version. */
const SOURCE_DIR = path.join(repoRoot, 'scripts', 'stack', 'ferretdb');
const SOURCES = ['main.go', 'idindex.go', 'go.mod', 'go.sum'] as const;
/**
 * Our patches to FerretDB's own source, applied in name order to a copy of the pinned module
 * (docs/decisions/0040): today one, pushing `{_id: {$in: [...]}}` down to SQLite like `_id` equality.
 */
const PATCH_DIR = path.join(SOURCE_DIR, 'patches');
const MODULE = 'github.com/FerretDB/FerretDB';
const BINARY = 'ferretdb-launcher';

/** The FerretDB version required by the launcher's go.mod, e.g. `v1.24.2`. */
function pinnedVersion(): string {
  const goMod = readFileSync(path.join(SOURCE_DIR, 'go.mod'), 'utf8');
  const version = /^\s*(?:require\s+)?github\.com\/FerretDB\/FerretDB\s+(v\S+)/m.exec(goMod)?.[1];
  if (!version) throw new Error(`no github.com/FerretDB/FerretDB requirement in ${SOURCE_DIR}/go.mod`);
  return version;
}

/** The cache folder of the built launcher: <cache>/ferretdb-<version>/. */
function buildDir(paths: StackPaths, version: string): string {
  return path.join(paths.cache, `ferretdb-${version}`);
}

/** The built launcher binary. */
function binaryPath(paths: StackPaths): string {
  return path.join(buildDir(paths, pinnedVersion()), BINARY);
}

/** sha256 over the launcher sources, so an edited main.go or go.mod triggers a rebuild. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of SOURCES) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(SOURCE_DIR, file)));
  }
  for (const patch of await patchFiles()) {
    hash.update(`${patch}\0`);
    hash.update(await readFile(patch));
  }
  return hash.digest('hex');
}

async function patchFiles(): Promise<string[]> {
  const names = existsSync(PATCH_DIR) ? await readdir(PATCH_DIR) : [];
  return names
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(PATCH_DIR, name));
}

/** Makes every file and folder under `dir` writable by us (the module cache is read-only). */
async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(full);
    else if (entry.isFile()) await chmod(full, 0o644);
  }
}

/**
 * A copy of the pinned FerretDB module with our patches applied, under the build folder, and the
 * go.mod/go.sum pair that builds the launcher against it (`-modfile`: the committed go.mod stays
 * as it is, so a plain `go build` in the folder still builds the unpatched server).
 */
async function patchedModule(go: string, dir: string, version: string): Promise<string> {
  const downloaded = JSON.parse(
    await run(go, ['mod', 'download', '-json', `${MODULE}@${version}`], { cwd: SOURCE_DIR }),
  ) as { Dir?: string; Error?: string };
  if (!downloaded.Dir) throw new Error(`ferretdb: go mod download ${MODULE}@${version} failed: ${downloaded.Error}`);
  const source = path.join(dir, `FerretDB-${version}-patched`);
  await rm(source, { recursive: true, force: true });
  await cp(downloaded.Dir, source, { recursive: true });
  await makeWritable(source);
  if (!(await onPath('patch'))) await aptInstall(['patch']);
  for (const patch of await patchFiles()) {
    await run('patch', ['--forward', '--strip=1', '--input', patch], { cwd: source, echo: true });
  }
  const modFile = path.join(dir, 'launcher.mod');
  const goMod = await readFile(path.join(SOURCE_DIR, 'go.mod'), 'utf8');
  await writeFile(modFile, `${goMod.trimEnd()}\n\nreplace ${MODULE} => ${source}\n`);
  await cp(path.join(SOURCE_DIR, 'go.sum'), path.join(dir, 'launcher.sum'));
  return modFile;
}

/** A Go toolchain to build with (Go >= 1.21 fetches the toolchain go.mod asks for by itself). */
async function goBinary(): Promise<string> {
  const fallback = '/usr/local/go/bin/go';
  if (!(await onPath('go')) && !existsSync(fallback)) await aptInstall(['golang-go']);
  const go = (await onPath('go')) ? 'go' : fallback;
  const goVersion = (await run(go, ['env', 'GOVERSION'])).trim();
  const [major = 0, minor = 0] = /^go(\d+)\.(\d+)/.exec(goVersion)?.slice(1).map(Number) ?? [];
  if (major < 1 || (major === 1 && minor < 21)) {
    throw new Error(`ferretdb: building the launcher needs Go >= 1.21, found ${goVersion || 'none'}`);
  }
  return go;
}

/** The scratch database of the stack's own checks (never the app's). */
const CHECK_DB = 'polychat_stack_check';
/** How long a new collection may go without the _id pushdown index before the check fails. */
const INDEX_DEADLINE_MS = 10_000;

/** A short-lived connection for the stack's checks. */
async function withConnection<T>(use: (client: mongoose.mongo.MongoClient) => Promise<T>): Promise<T> {
  const conn = mongoose.createConnection(URI, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  conn.on('error', () => undefined);
  try {
    await conn.asPromise();
    return await use(conn.getClient());
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/**
 * Creates a brand-new scratch collection and waits until an `_id` lookup on it is an index search
 * (the launcher's watcher adds the index within ~250 ms). Returns the milliseconds it took; throws
 * naming the collection and its plan when the index does not appear within INDEX_DEADLINE_MS.
 */
export async function verifyIdPushdown(): Promise<number> {
  return withConnection(async (client) => {
    const db = client.db(CHECK_DB);
    const collection = `pushdown_${Date.now().toString(36)}_${process.pid}`;
    const started = Date.now();
    await db.collection<{ _id: string }>(collection).insertOne({ _id: 'probe' });
    try {
      let plan: QueryPlan;
      do {
        plan = await explainFind(db, collection, { _id: 'probe' });
        if (plan.indexed) return Date.now() - started;
        await sleep(50);
      } while (Date.now() - started < INDEX_DEADLINE_MS);
      throw new Error(
        `collection ${plan.namespace} still has no _id pushdown index ${INDEX_DEADLINE_MS} ms after its creation ` +
          `(plan: ${plan.steps.join(' | ') || 'empty'}). A FerretDB started by an older launcher lacks the ` +
          `index watcher: restart it (npm run stack -- down ferretdb && npm run stack -- up ferretdb).`,
      );
    } finally {
      await db.dropCollection(collection).catch(() => undefined);
    }
  });
}

/** One collection's `_id` lookup plan, as `check-indexes` reports it. */
export interface IdLookupPlan {
  readonly namespace: string;
  readonly indexed: boolean;
  readonly steps: readonly string[];
}

/** Explains an `_id` lookup on every collection of every database: the ones that scan are the failures. */
export async function idLookupPlans(): Promise<IdLookupPlan[]> {
  return withConnection(async (client) => {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    const plans: IdLookupPlan[] = [];
    for (const { name } of databases) {
      const db = client.db(name);
      for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        const plan = await explainFind(db, collection, { _id: 'polychat-check-indexes' });
        plans.push({ namespace: plan.namespace, indexed: plan.indexed, steps: plan.steps });
      }
    }
    return plans;
  });
}

/** FerretDB v1 embedded in our launcher, SQLite backend under .stack/data/ferretdb. */
export const ferretdb: StackServer = {
  name: 'ferretdb',
  port: PORT,
  readyTimeoutSeconds: 60,

  async install(paths: StackPaths) {
    const binary = binaryPath(paths);
    const dir = path.dirname(binary);
    const stampFile = `${binary}.sha256`;
    const hash = await sourceHash();
    if (existsSync(binary) && existsSync(stampFile) && (await readFile(stampFile, 'utf8')).trim() === hash) return;

    const go = await goBinary();
    await mkdir(dir, { recursive: true });
    const modFile = await patchedModule(go, dir, pinnedVersion());
    const partial = `${binary}.${process.pid}.tmp`;
    // -mod=readonly: build from the committed go.sum, never rewrite it.
    await run(
      go,
      [
        'build',
        `-modfile=${modFile}`,
        '-mod=readonly',
        '-buildvcs=false',
        '-trimpath',
        `-ldflags=-X main.patchedVersion=${pinnedVersion()}+polychat`,
        '-o',
        partial,
        '.',
      ],
      { cwd: SOURCE_DIR, echo: true },
    );
    await rename(partial, binary);
    await writeFile(stampFile, `${hash}\n`);
  },

  async prepare(paths: StackPaths) {
    const dir = paths.dataDir('ferretdb');
    await mkdir(dir, { recursive: true });
    // Before 0062's patch a dropped database left its -wal and -shm files behind, and a database
    // created again under the name would take them over: remove the ones without a database file.
    const files = new Set(await readdir(dir));
    for (const file of files) {
      const database = file.replace(/-(wal|shm)$/, '');
      if (database !== file && !files.has(database)) await rm(path.join(dir, file), { force: true });
    }
  },

  command(paths: StackPaths) {
    return {
      file: binaryPath(paths),
      args: [
        `-listen-addr=127.0.0.1:${PORT}`,
        '-handler=sqlite',
        `-backend-url=${paths.dataDir('ferretdb')}`,
        '-log-level=info',
        // Opt-in Go pprof handlers, e.g. POLYCHAT_STACK_FERRETDB_DEBUG_ADDR=127.0.0.1:27019 for a goroutine dump.
        ...(process.env['POLYCHAT_STACK_FERRETDB_DEBUG_ADDR']
          ? [`-debug-addr=${process.env['POLYCHAT_STACK_FERRETDB_DEBUG_ADDR']}`]
          : []),
      ],
    };
  },

  async verify() {
    return `_id pushdown index on a new collection after ${await verifyIdPushdown()} ms`;
  },

  async probe() {
    const conn = mongoose.createConnection(URI, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
    conn.on('error', () => undefined);
    try {
      await conn.asPromise();
      const db = conn.db;
      if (!db) throw new Error('ferretdb: connected without a database handle');
      const info = await db.admin().command({ buildInfo: 1 });
      const version: unknown = info['ferretdbVersion'] ?? info['version'];
      return { version: typeof version === 'string' ? version : 'unknown' };
    } finally {
      await conn.close().catch(() => undefined);
    }
  },
};

/** The benchmarks' other servers (the peer, the bare baseline) as child processes, and clean-up. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { NEO4J_DRIVER } from '../../src/platform/neo4j';
import { benchDatabase, type BenchApp } from './context';

/** Starts a benchmark server script as its own process and waits for its `listening <port>`. */
export async function spawnServer(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString('utf8'));
      if (match?.[1]) resolve(match[1]);
    });
  });
  return { child, port };
}

/** The peer's database: in the same FerretDB as polychat's, its own name (with "bench"). */
export function peerMongoUrl(app: BenchApp): string {
  const url = new URL(app.config.MONGO_URL);
  url.pathname = `/${benchDatabase(`polychat_bench_${app.run}_peer`)}`;
  return url.toString();
}

/** Drops polychat's bench database of this run and `others` (each name checked for "bench"). */
export async function dropBenchDatabases(app: BenchApp, others: readonly string[]): Promise<void> {
  const mongo = await new MongoClient(app.config.MONGO_URL).connect();
  try {
    for (const url of [app.config.MONGO_URL, ...others])
      await mongo.db(benchDatabase(new URL(url).pathname.slice(1))).dropDatabase();
  } finally {
    await mongo.close();
  }
}

/**
 * Ends a benchmark run that seeded and imported users into a PostgreSQL database of its own: forgets
 * those users' graph nodes and the run's outbox nodes in the (shared) test Neo4j, removes `dir`,
 * drops the run's MongoDB database, stops the app and drops the PostgreSQL database `pgUrl` names.
 */
export async function endSeededRun(app: BenchApp, userIds: readonly string[], dir: string, pgUrl: URL): Promise<void> {
  const driver = app.booted.container.get<Driver>(NEO4J_DRIVER);
  for (let i = 0; i < userIds.length; i += 1000) {
    const ids = userIds.slice(i, i + 1000);
    await driver.executeQuery('MATCH (p:FriendPair) WHERE p.lo IN $ids DETACH DELETE p', { ids });
    await driver.executeQuery('MATCH (u:User) WHERE u.id IN $ids DETACH DELETE u', { ids });
  }
  await driver.executeQuery('MATCH (e:OutboxEvent {namespace: $ns}) DETACH DELETE e', {
    ns: app.config.KAFKA_TOPIC_PREFIX,
  });
  await fs.rm(dir, { recursive: true, force: true });
  await dropBenchDatabases(app, []);
  await app.booted.stop();
  const name = benchDatabase(pgUrl.pathname.slice(1));
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(pgUrl), { pathname: '/postgres' }).toString(),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

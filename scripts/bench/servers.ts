/** The benchmarks' other servers (the peer, the bare baseline) as child processes, and clean-up. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
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

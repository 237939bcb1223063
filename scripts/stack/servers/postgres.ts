import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { aptInstall, run } from '../exec';
import type { StackPaths, StackServer } from '../types';

const PORT = Number(process.env['POLYCHAT_STACK_PG_PORT'] ?? 5432);
/** The local superuser; its password is the dev default of environments/dev/.env. */
const SUPERUSER = 'polychat';
const PASSWORD = 'polychat';
/** PostgreSQL refuses to run as root, so a root shell runs it as the Debian `postgres` user. */
const RUN_AS = process.getuid?.() === 0 ? 'postgres' : undefined;

/** The newest PostgreSQL installed under Debian's /usr/lib/postgresql/<major>/bin. */
function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((entry) => existsSync(path.join(root, entry, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : path.join(root, majors[0], 'bin');
}

function requireBinDir(): string {
  const dir = binDir();
  if (!dir) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  return dir;
}

/** PostgreSQL from Debian's packages, in its own cluster under .stack/data/postgres. */
export const postgres: StackServer = {
  name: 'postgres',
  port: PORT,
  readyTimeoutSeconds: 60,
  stopSignal: 'SIGINT',

  async install() {
    if (!binDir()) await aptInstall(['postgresql']);
  },

  async prepare(paths: StackPaths) {
    const dataDir = paths.dataDir('postgres');
    if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
    await mkdir(dataDir, { recursive: true });
    const pwFile = path.join(path.dirname(dataDir), '.postgres-pw');
    await writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o644 });
    if (RUN_AS) await run('chown', ['-R', `${RUN_AS}:${RUN_AS}`, dataDir]);
    const initdb = [
      path.join(requireBinDir(), 'initdb'),
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      `--pwfile=${pwFile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=peer',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ];
    try {
      if (RUN_AS) await run('runuser', ['-u', RUN_AS, '--', ...initdb]);
      else await run(initdb[0] as string, initdb.slice(1));
    } finally {
      await rm(pwFile, { force: true });
    }
  },

  command(paths: StackPaths) {
    return {
      file: path.join(requireBinDir(), 'postgres'),
      args: [
        '-D',
        paths.dataDir('postgres'),
        '-p',
        String(PORT),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'shared_buffers=256MB',
        '-c',
        'log_min_messages=warning',
      ],
      user: RUN_AS,
    };
  },

  async probe() {
    const client = new Client({
      host: '127.0.0.1',
      port: PORT,
      user: SUPERUSER,
      password: PASSWORD,
      database: 'postgres',
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      const result = await client.query<{ server_version: string }>('SHOW server_version');
      return { version: result.rows[0]?.server_version.split(' ')[0] ?? 'unknown' };
    } finally {
      await client.end().catch(() => undefined);
    }
  },
};

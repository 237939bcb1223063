import Redis from 'ioredis';
import { aptInstall, onPath } from '../exec';
import type { StackPaths, StackServer } from '../types';

const PORT = Number(process.env['POLYCHAT_STACK_REDIS_PORT'] ?? 6379);

/** Redis from Debian's packages, append-only persistence under .stack/data/redis. */
export const redis: StackServer = {
  name: 'redis',
  port: PORT,
  readyTimeoutSeconds: 30,

  async install() {
    if (!(await onPath('redis-server'))) await aptInstall(['redis-server']);
  },

  async prepare() {
    // redis-server creates its files in --dir; the runner creates the data dir.
  },

  command(paths: StackPaths) {
    return {
      file: 'redis-server',
      args: [
        '--bind',
        '127.0.0.1',
        '--port',
        String(PORT),
        '--protected-mode',
        'yes',
        '--dir',
        paths.dataDir('redis'),
        '--appendonly',
        'yes',
        '--daemonize',
        'no',
        '--maxmemory',
        '1gb',
        '--maxmemory-policy',
        'noeviction',
      ],
    };
  },

  async probe() {
    const client = new Redis({
      host: '127.0.0.1',
      port: PORT,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 2000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const info = await client.info('server');
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
      return { version };
    } finally {
      client.disconnect();
    }
  },
};

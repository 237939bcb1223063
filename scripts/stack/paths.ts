import { homedir } from 'node:os';
import path from 'node:path';
import type { ServerName, StackPaths } from './types';

/** The repository root (scripts/stack/ is two levels down). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Resolves the stack's folders: per-clone state under .stack/, per-machine cache for downloads. */
export function stackPaths(env: NodeJS.ProcessEnv = process.env): StackPaths {
  const home = path.resolve(env['POLYCHAT_STACK_DIR'] ?? path.join(repoRoot, '.stack'));
  const cacheRoot = env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache');
  const cache = path.resolve(env['POLYCHAT_CACHE_DIR'] ?? path.join(cacheRoot, 'polychat'));
  return {
    home,
    cache,
    dataDir: (server: ServerName) => path.join(home, 'data', server),
    logFile: (server: ServerName) => path.join(home, 'logs', `${server}.log`),
    pidFile: (server: ServerName) => path.join(home, 'run', `${server}.pid`),
  };
}

export { configSchema, type Config } from './schema';
export { childEnvironment, ConfigError, loadConfig, repoRoot } from './load';

/** Container token of the validated Config. */
export const CONFIG = Symbol.for('polychat.Config');

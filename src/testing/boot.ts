import { bootstrap, type Booted } from '../bootstrap';
import type { Config } from '../config';
import { testConfig } from './config';

/** Boots the real container against the test namespaces; call `booted.stop()` after. */
export function bootForTest(config: Config = testConfig()): Promise<Booted> {
  return bootstrap({ config, service: 'polychat:test' });
}

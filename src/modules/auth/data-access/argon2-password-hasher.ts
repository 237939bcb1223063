import * as argon2 from 'argon2';
import { inject, injectable } from 'inversify';
import { CONFIG, type Config } from '../../../config';
import type { PasswordHasher } from '../application/ports';

/** argon2id with the configured cost; the parameters travel inside each hash, so they can change. */
@injectable()
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly options: argon2.HashOptions;
  private dummyHash: Promise<string> | undefined;

  constructor(@inject(CONFIG) config: Config) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_ITERATIONS,
      parallelism: config.ARGON2_PARALLELISM,
    };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed stored hash never lets anyone in
    }
  }

  async verifyDummy(password: string): Promise<void> {
    this.dummyHash ??= argon2.hash('polychat-dummy-password', this.options);
    await this.verify(await this.dummyHash, password);
  }
}

import assert from 'node:assert/strict';
import * as argon2 from 'argon2';
import { argon2Hash } from './records';

describe('dataset records: password hashes', () => {
  it('accepts what the argon2 library writes, and m, t, p in any order', async () => {
    const written = await argon2.hash('a password', { type: argon2.argon2id, memoryCost: 1024, timeCost: 1 });
    assert.equal(argon2Hash.safeParse(written).success, true, written);
    const [, , , params, salt, hash] = written.split('$');
    assert.ok(params && salt && hash);
    for (const order of ['m=1024,t=1,p=1', 'm=1024,p=1,t=1', 't=1,p=1,m=1024']) {
      assert.equal(argon2Hash.safeParse(`$argon2id$v=19$${order}$${salt}$${hash}`).success, true, order);
    }
  });

  it('refuses anything else', () => {
    for (const bad of [
      'hunter2',
      '$argon2id$v=19$m=1024,t=1$c2FsdA$aGFzaA',
      '$argon2id$v=19$m=1024,t=1,p=1,p=2$c2FsdA$aGFzaA',
      '$argon2id$v=19$m=1024,t=1,x=1$c2FsdA$aGFzaA',
      '$bcrypt$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA',
    ]) {
      assert.equal(argon2Hash.safeParse(bad).success, false, bad);
    }
  });
});

import assert from 'node:assert/strict';
import { Shutdown } from './shutdown';

describe('Shutdown', () => {
  it('undoes steps in reverse order of registration, once', async () => {
    const order: string[] = [];
    const shutdown = new Shutdown();
    for (const name of ['logger', 'postgres', 'redis', 'http']) shutdown.add(name, () => void order.push(name));
    await Promise.all([shutdown.run(), shutdown.run()]);
    assert.deepEqual(order, ['http', 'redis', 'postgres', 'logger']);
  });

  it('keeps going when a step fails', async () => {
    const order: string[] = [];
    const shutdown = new Shutdown();
    shutdown.add('first', () => void order.push('first'));
    shutdown.add('broken', () => {
      throw new Error('boom');
    });
    shutdown.add('last', () => void order.push('last'));
    await shutdown.run();
    assert.deepEqual(order, ['last', 'first']);
  });
});

import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor } from './search';

describe('search cursor', () => {
  it('round-trips a position, microseconds included, as an opaque url-safe string', () => {
    const position = { sentAt: '2024-05-06T07:08:09.123456Z', messageId: '0b6f3c1e-9a7d-4c59-8f7e-2d1f0e3a4b5c' };
    const opaque = encodeCursor(position);
    assert.match(opaque, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(opaque), position);
  });

  it('reads anything else as no cursor', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const opaque of [
      '',
      'not a cursor',
      encode(['2024-05-06T07:08:09Z']),
      encode(['yesterday', '0b6f3c1e-9a7d-4c59-8f7e-2d1f0e3a4b5c']),
      encode(['2024-05-06T07:08:09Z', "1' OR '1'='1"]),
      encode({ sentAt: '2024-05-06T07:08:09Z', messageId: '0b6f3c1e-9a7d-4c59-8f7e-2d1f0e3a4b5c' }),
    ]) {
      assert.equal(decodeCursor(opaque), undefined, opaque);
    }
  });
});

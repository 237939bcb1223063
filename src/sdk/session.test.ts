import assert from 'node:assert/strict';
import { renewalLeadMs, TokenSession, tokenExpiresAt, type Tokens } from './session';

const jwt = (exp: number, iat?: number): string =>
  ['e30', Buffer.from(JSON.stringify({ sub: 'u', exp, iat })).toString('base64url'), 'sig'].join('.');

describe('TokenSession', () => {
  it('shares one refresh among concurrent callers, and does not refresh a token already replaced', async () => {
    let calls = 0;
    let release: (tokens: Tokens) => void = () => undefined;
    const session = new TokenSession(
      () => {
        calls += 1;
        return new Promise<Tokens>((resolve) => (release = resolve));
      },
      { accessToken: 'a1', refreshToken: 'r1' },
    );
    const changes: (string | undefined)[] = [];
    session.onChange((tokens) => changes.push(tokens?.accessToken));
    const waiting = [session.refresh('a1'), session.refresh('a1'), session.refresh()];
    release({ accessToken: 'a2', refreshToken: 'r2' });
    const results = await Promise.all(waiting);
    assert.equal(calls, 1);
    assert.deepEqual(
      results.map((tokens) => tokens.accessToken),
      ['a2', 'a2', 'a2'],
    );
    assert.equal((await session.refresh('a1')).accessToken, 'a2', 'a stale token is already replaced');
    assert.equal(calls, 1);
    assert.deepEqual(changes, ['a2']);
  });

  it('forgets the tokens when the refresh is refused (401), keeps them on other failures', async () => {
    const refused = new TokenSession(() => Promise.reject(Object.assign(new Error('no'), { status: 401 })), {
      accessToken: 'a',
      refreshToken: 'r',
    });
    await assert.rejects(refused.refresh());
    assert.equal(refused.tokens, undefined);
    const down = new TokenSession(() => Promise.reject(new TypeError('fetch failed')), {
      accessToken: 'a',
      refreshToken: 'r',
    });
    await assert.rejects(down.refresh());
    assert.equal(down.accessToken, 'a');
  });

  it('reads the expiry of a JWT and refreshes ahead of it only', async () => {
    const now = Date.now();
    const soon = jwt(Math.floor(now / 1000) + 10);
    const later = jwt(Math.floor(now / 1000) + 3600);
    assert.equal(tokenExpiresAt(later), (Math.floor(now / 1000) + 3600) * 1000);
    assert.equal(tokenExpiresAt('opaque'), undefined);
    const session = new TokenSession(() => Promise.resolve({ accessToken: later, refreshToken: 'r2' }), {
      accessToken: soon,
      refreshToken: 'r1',
    });
    assert.equal(await session.fresh(5_000, now), soon, 'valid long enough');
    assert.equal(await session.fresh(30_000, now), later, 'refreshed ahead of expiry');
  });

  it('renews a short-lived token a third of its life ahead at most, so it is not renewed over and over', () => {
    assert.equal(renewalLeadMs(jwt(1003, 1000), 30_000), 1000);
    assert.equal(renewalLeadMs(jwt(1900, 1000), 30_000), 30_000);
    assert.equal(renewalLeadMs('opaque', 30_000), 30_000);
  });
});

import assert from 'node:assert/strict';
import { testFaultStack } from '../../../scripts/chaos/fault-stack';
import { eventually, type TestResponse } from '../../testing/app';
import { chatUsers, groupChat, type ErrorJson } from '../../testing/chats';
import { isolatedTestApp, type IsolatedApp } from '../../testing/isolated-app';
import type { RegisteredUser } from '../../testing/users';

interface ReadyJson {
  status: string;
  down?: string[];
}

/**
 * Kills FerretDB, then Redis, of a private stack under a running api + worker: requests that need
 * the store fail fast with 503 STORE.UNAVAILABLE naming it, /readyz answers 503 within its budget,
 * and both are back to 200 within seconds of the server's return.
 */
describe('store outages become fast 503s (integration, private stack)', function () {
  this.timeout(180_000);
  const stack = testFaultStack();
  const readinessBudgetMs = 1000;
  let app: IsolatedApp;
  let owner: RegisteredUser;
  let member: RegisteredUser;
  let chatId: string;

  before(async () => {
    await stack.up(['postgres', 'redis', 'ferretdb']);
    app = await isolatedTestApp('outage', {
      ...stack.urls('polychat_test_outage'),
      READINESS_TIMEOUT_MS: String(readinessBudgetMs),
    });
    [owner, member] = (await chatUsers(app, 2)) as [RegisteredUser, RegisteredUser];
    chatId = (await groupChat(app, owner, [member])).id;
  });
  after(async () => {
    await stack.up(['postgres', 'redis', 'ferretdb']);
    await app?.stop();
  });

  /** A request with its wall time. */
  async function timed<T>(method: string, path: string, token?: string): Promise<TestResponse<T> & { ms: number }> {
    const started = Date.now();
    const res = await app.request<T>(method, path, { token });
    return { ...res, ms: Date.now() - started };
  }

  async function expectOutage(store: string, method: string, path: string): Promise<void> {
    // The first request may still find a live pooled connection and learn of the outage from it.
    const res = await eventually(
      `a 503 naming ${store}`,
      () =>
        timed<ErrorJson & { error: { details: { store: string; retryAfterSeconds: number } } }>(
          method,
          path,
          owner.accessToken,
        ),
      (r) => r.status === 503,
      10_000,
    );
    assert.equal(res.body.error.code, 'STORE.UNAVAILABLE');
    assert.equal(res.body.error.details.store, store);
    assert.ok(res.body.error.details.retryAfterSeconds > 0);
    // Once the outage is known, every such request fails fast.
    for (let i = 0; i < 3; i += 1) {
      const again = await timed<ErrorJson>(method, path, owner.accessToken);
      assert.equal(again.status, 503);
      assert.ok(again.ms < 2000, `${method} ${path} took ${again.ms} ms`);
    }
    const ready = await timed<ReadyJson>('GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.ok(ready.body.down?.includes(store), JSON.stringify(ready.body));
    assert.ok(ready.ms < readinessBudgetMs + 500, `/readyz took ${ready.ms} ms`);
  }

  async function expectRecovery(what: string, method: string, path: string): Promise<number> {
    const upAt = Date.now();
    await eventually(
      '/readyz 200',
      () => timed('GET', '/readyz'),
      (r) => r.status === 200,
      10_000,
    );
    await eventually(
      what,
      () => timed(method, path, owner.accessToken),
      (r) => r.status === 200,
      5_000,
    );
    return Date.now() - upAt;
  }

  it('FerretDB down: a chat read is a fast 503 naming mongo; back to 200 within seconds', async () => {
    const read = `/v1/chats/${chatId}/messages`;
    assert.equal((await timed('GET', read, owner.accessToken)).status, 200);
    await stack.kill('ferretdb');
    await expectOutage('mongo', 'GET', read);
    await stack.up(['ferretdb']);
    const ms = await expectRecovery('the chat read', 'GET', read);
    assert.ok(ms < 10_000, `recovered after ${ms} ms`);
  });

  it('Redis down: a presence read is a fast 503 naming redis; back to 200 within seconds', async () => {
    const read = `/v1/presence?userIds=${member.id}`;
    assert.equal((await timed('GET', read, owner.accessToken)).status, 200);
    await stack.kill('redis');
    await expectOutage('redis', 'GET', read);
    await stack.up(['redis']);
    const ms = await expectRecovery('the presence read', 'GET', read);
    assert.ok(ms < 10_000, `recovered after ${ms} ms`);
  });
});

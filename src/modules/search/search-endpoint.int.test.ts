import { startTestApp } from '../../testing/app';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../testing/app';
import { chatUsers } from '../../testing/chats';
import type { RegisteredUser } from '../../testing/users';
import { hitOf, instant, SearchFixture, sentEvent, uniqueWord } from '../../testing/search';
import { IndexMessagesOnMessageEvents, type SearchHit } from './index';

interface ErrorBody {
  error: { code: string; details?: { fields?: { field: string }[] } };
}

describe('GET /v1/search/messages (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let fixture: SearchFixture;
  let handler: IndexMessagesOnMessageEvents;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  before(async () => {
    app = await startTestApp();
    fixture = new SearchFixture(app);
    handler = app.booted.container.get(IndexMessagesOnMessageEvents);
    [alice, bob] = (await chatUsers(app, 2)) as [RegisteredUser, RegisteredUser];
  });
  after(async () => {
    try {
      await fixture.cleanup();
    } finally {
      await app.stop();
    }
  });

  it('shows only messages of chats the caller belongs to, and hides other chats like missing ones', async () => {
    const [alicesChat, bobsChat, shared] = [
      await fixture.createChat(alice),
      await fixture.createChat(bob),
      await fixture.createChat(bob, alice),
    ];
    const secret = uniqueWord();
    const inAlices = sentEvent(alicesChat, alice.id, `${secret} for alice`, 1, instant(3000));
    const inBobs = sentEvent(bobsChat, bob.id, `${secret} for bob`, 1, instant(2000));
    const inShared = sentEvent(shared, bob.id, `${secret} for both`, 1, instant(1000));
    for (const event of [inAlices, inBobs, inShared]) await handler.handle(event);

    assert.deepEqual(await fixture.found(alice, secret), [hitOf(inShared.payload), hitOf(inAlices.payload)]);
    assert.deepEqual(await fixture.found(bob, secret), [hitOf(inShared.payload), hitOf(inBobs.payload)]);
    assert.deepEqual(await fixture.found(alice, secret, shared), [hitOf(inShared.payload)]);

    const [stranger] = (await chatUsers(app, 1)) as [RegisteredUser];
    assert.deepEqual((await fixture.search(stranger, { q: secret })).body, { items: [], nextCursor: null });
    for (const chatId of [bobsChat, randomUUID()]) {
      const res = await fixture.search(alice, { q: secret, chatId });
      assert.equal(res.status, 404, 'a chat the caller is not in looks like a chat that does not exist');
      assert.equal((res.body as unknown as ErrorBody).error.code, 'CHAT.NOT_FOUND');
      assert.doesNotMatch(JSON.stringify(res.body), new RegExp(secret));
    }
  });

  it('pages newest first with an opaque cursor, stable across equal send times', async () => {
    const chat = await fixture.createChat(alice);
    const tag = uniqueWord();
    const sameInstant = instant(5000);
    const events = [0, 1, 2, 3, 4, 5, 6].map((n) =>
      sentEvent(chat, alice.id, `${tag} number ${n}`, n + 1, n < 3 ? sameInstant : instant(10_000 - n * 1000)),
    );
    for (const event of events) await handler.handle(event);
    const expected = events
      .map((event) => event.payload)
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt) || (a.messageId < b.messageId ? -1 : 1))
      .map((payload) => payload.messageId);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params: Record<string, string> = cursor ? { q: tag, limit: '3', cursor } : { q: tag, limit: '3' };
      const page = await fixture.search(alice, params);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 3);
      seen.push(...page.body.items.map((item: SearchHit) => item.messageId));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, expected);
    assert.equal(pages, 3);
  });

  it('understands web-search syntax and never fails on odd input', async () => {
    const chat = await fixture.createChat(alice);
    const [apple, pie, green] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const pieMessage = sentEvent(chat, alice.id, `red ${apple} ${pie}`, 1, instant(2000));
    const greenMessage = sentEvent(chat, alice.id, `${green} ${apple}`, 2, instant(1000));
    for (const event of [pieMessage, greenMessage]) await handler.handle(event);
    const ids = async (q: string) => (await fixture.found(alice, q)).map((hit) => hit.messageId);

    assert.deepEqual(await ids(apple), [greenMessage.payload.messageId, pieMessage.payload.messageId]);
    assert.deepEqual(await ids(`${apple} -${green}`), [pieMessage.payload.messageId]);
    assert.deepEqual(await ids(`"${apple} ${pie}"`), [pieMessage.payload.messageId]);
    assert.deepEqual(await ids(`"${pie} ${apple}"`), [], 'a quoted phrase keeps its word order');
    assert.deepEqual(await ids(`${pie} or ${green}`), [greenMessage.payload.messageId, pieMessage.payload.messageId]);
    for (const odd of ["a & b | ! ( ) : * ' \\", '%', '-', '""', '😀 ☃', `${apple}:*`, 'x'.repeat(200)]) {
      const res = await fixture.search(alice, { q: odd });
      assert.equal(res.status, 200, `q=${odd}: ${JSON.stringify(res.body)}`);
    }
  });

  it('rejects bad input with 422 naming the field, and a missing or bad token with 401', async () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: [Record<string, string>, string][] = [
      [{}, 'q'],
      [{ q: '' }, 'q'],
      [{ q: '   ' }, 'q'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ q: 'a', limit: '0' }, 'limit'],
      [{ q: 'a', limit: '51' }, 'limit'],
      [{ q: 'a', limit: 'ten' }, 'limit'],
      [{ q: 'a', limit: '2.5' }, 'limit'],
      [{ q: 'a', cursor: 'not a cursor' }, 'cursor'],
      [{ q: 'a', cursor: cursorOf(['yesterday', randomUUID()]) }, 'cursor'],
      [{ q: 'a', cursor: cursorOf({ sentAt: new Date().toISOString() }) }, 'cursor'],
      [{ q: 'a', cursor: 'x'.repeat(300) }, 'cursor'],
      [{ q: 'a', chatId: 'not-a-uuid' }, 'chatId'],
    ];
    for (const [params, field] of cases) {
      const res = await fixture.search(alice, params);
      const body = res.body as unknown as ErrorBody;
      assert.equal(res.status, 422, JSON.stringify(params));
      assert.equal(body.error.code, 'VALIDATION.FAILED');
      assert.deepEqual(
        body.error.details?.fields?.map((problem) => problem.field),
        [field],
        JSON.stringify(params),
      );
    }
    const repeated = await app.request<ErrorBody>('GET', '/v1/search/messages?q=a&q=b', { token: alice.accessToken });
    assert.equal(repeated.status, 422);

    for (const token of [undefined, 'not-a-token']) {
      const res = await app.request<ErrorBody>('GET', '/v1/search/messages?q=a', { token });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'AUTH.UNAUTHENTICATED');
    }
  });
});

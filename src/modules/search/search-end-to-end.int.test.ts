import { startTestApp } from '../../testing/app';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, type TestApp } from '../../testing/app';
import { chatUsers, type MessageJson } from '../../testing/chats';
import type { RegisteredUser } from '../../testing/users';
import { SearchFixture, uniqueWord } from '../../testing/search';

/** Through the chats API: send, edit, delete and membership changes reach search via the outbox and Kafka. */
describe('search end to end: chats API -> MongoDB outbox -> Kafka -> PostgreSQL (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let fixture: SearchFixture;

  before(async () => {
    app = await startTestApp();
    fixture = new SearchFixture(app);
  });
  after(async () => {
    try {
      await fixture.cleanup();
    } finally {
      await app.stop();
    }
  });

  it('finds a sent message within seconds, follows edit and delete, and only for current members', async () => {
    const [alice, bob, eve] = (await chatUsers(app, 3)) as [RegisteredUser, RegisteredUser, RegisteredUser];
    const chat = { id: await fixture.createChat(alice, bob) };
    const [first, second] = [uniqueWord(), uniqueWord()];
    const sent = await app.request<MessageJson>('POST', `/v1/chats/${chat.id}/messages`, {
      token: bob.accessToken,
      body: { body: `see ${first} tomorrow`, clientMsgId: randomUUID() },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const message = sent.body;
    const started = Date.now();
    const [hit] = await eventually(
      'the message in search',
      () => fixture.found(alice, first),
      (items) => items.length > 0,
      15_000,
    );
    assert.ok(Date.now() - started < 15_000);
    assert.deepEqual(
      { messageId: hit?.messageId, chatId: hit?.chatId, seq: hit?.seq, senderId: hit?.senderId, body: hit?.body },
      { messageId: message.id, chatId: chat.id, seq: message.seq, senderId: bob.id, body: `see ${first} tomorrow` },
    );
    assert.deepEqual(await fixture.found(eve, first), [], 'a non-member never sees it');
    assert.equal((await fixture.search(eve, { q: first, chatId: chat.id })).status, 404);

    const edit = await app.request('PATCH', `/v1/chats/${chat.id}/messages/${message.id}`, {
      token: bob.accessToken,
      body: { body: `see ${second} today` },
    });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    await eventually(
      'the edited text',
      () => fixture.found(bob, second),
      (items) => items.length === 1 && items[0]?.editedAt !== null,
      15_000,
    );
    assert.deepEqual(await fixture.found(bob, first), []);

    const removed = await app.request('DELETE', `/v1/chats/${chat.id}/members/${bob.id}`, {
      token: alice.accessToken,
    });
    assert.equal(removed.status, 204, JSON.stringify(removed.body));
    assert.deepEqual(await fixture.found(bob, second), [], 'a removed member loses access at once');
    assert.equal((await fixture.search(bob, { q: second, chatId: chat.id })).status, 404);

    const deleted = await app.request('DELETE', `/v1/chats/${chat.id}/messages/${message.id}`, {
      token: alice.accessToken,
    });
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    await eventually(
      'the deletion',
      () => fixture.found(alice, second),
      (items) => items.length === 0,
      15_000,
    );
  });
});

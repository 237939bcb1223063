import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, type ErrorJson, type MessageJson } from '../../testing/chats';
import { editedEvent, hitOf, SearchFixture, sentEvent, uniqueWord } from '../../testing/search';
import type { RegisteredUser } from '../../testing/users';
import { driftSize, Reconcile } from '../reconcile';

/**
 * Issue 13, item 5: a message body with NUL must neither stall the search projection nor break
 * reconcile's repair (docs/decisions/0028), and the API refuses such text in the first place.
 */
describe('search projection: text PostgreSQL refuses (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let fixture: SearchFixture;
  let alice: RegisteredUser;

  before(async () => {
    app = await startTestApp();
    fixture = new SearchFixture(app);
    [alice] = (await chatUsers(app, 1)) as [RegisteredUser];
  });
  after(async () => {
    try {
      await fixture.cleanup();
    } finally {
      await app.stop();
    }
  });

  it('indexes a NUL-bearing message.sent (NUL as U+FFFD) and the next good message promptly', async () => {
    const chat = await fixture.createChat(alice);
    const [poisonWord, goodWord, editWord] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const poison = sentEvent(chat, alice.id, `poison\u0000${poisonWord} here`, 1);
    const good = sentEvent(chat, alice.id, `good ${goodWord}`, 2);
    const started = Date.now();
    await fixture.publish(poison, good);
    // Before the fix the poison message failed, was retried and dead-lettered: the good one took ~16 s.
    await eventually(
      'the good message after the poison one',
      () => fixture.found(alice, goodWord),
      (items) => items.length === 1,
      5_000,
    );
    assert.ok(Date.now() - started < 5_000);
    assert.deepEqual(await fixture.found(alice, poisonWord), [hitOf(poison.payload, `poison\uFFFD${poisonWord} here`)]);

    const edit = editedEvent(poison.payload, `edited\u0000 ${editWord}`);
    await fixture.publish(edit);
    const edited = await eventually(
      'the NUL-bearing edit',
      () => fixture.found(alice, editWord),
      (items) => items.length === 1,
      5_000,
    );
    assert.equal(edited[0]?.body, `edited\uFFFD ${editWord}`);
  });

  it('lets reconcile repair an index whose owner holds a NUL (an old or imported message), then finds no drift', async () => {
    const chat = await fixture.createChat(alice);
    const word = uniqueWord();
    const sent = await app.request<MessageJson>('POST', `/v1/chats/${chat}/messages`, {
      token: alice.accessToken,
      body: { body: `imported ${word}`, clientMsgId: `poison-${word}` },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await eventually(
      'the message indexed',
      () => fixture.found(alice, word),
      (items) => items.length === 1,
      15_000,
    );
    // The owner's copy as an import from before the API refused NUL would have left it.
    const messages = app.booted.container.get<Connection>(MONGO_CONNECTION).collection('messages');
    const updated = await messages.updateOne({ _id: sent.body.id } as never, {
      $set: { body: `imported\u0000 ${word}` },
    });
    assert.equal(updated.modifiedCount, 1);

    const reconcile = (repair: boolean) =>
      app.booted.container
        .get(Reconcile)
        .execute({ scope: { chatIds: [chat] }, only: ['search-index'], repair, settleMs: 0 });
    const [before] = await reconcile(false);
    assert.deepEqual(
      before?.check.drift.stale.map((item) => [item.id, item.fields]),
      [[sent.body.id, ['body']]],
    );
    const [repaired] = await reconcile(true);
    assert.ok(repaired?.afterRepair, 'repair ran');
    assert.equal(driftSize(repaired.afterRepair.drift), 0);
    const [after] = await reconcile(false);
    assert.equal(driftSize(after!.check.drift), 0);
    assert.equal((await fixture.found(alice, word))[0]?.body, `imported\uFFFD ${word}`);
  });

  it('refuses NUL in a message body at the API with a 422 naming body', async () => {
    const chat = await fixture.createChat(alice);
    const res = await app.request<ErrorJson>('POST', `/v1/chats/${chat}/messages`, {
      token: alice.accessToken,
      body: { body: 'a\u0000b', clientMsgId: 'nul' },
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'VALIDATION.FAILED');
    assert.deepEqual(
      res.body.error.details?.fields?.map((f) => f.field),
      ['body'],
    );
  });
});

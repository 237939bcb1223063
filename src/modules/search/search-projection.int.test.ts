import { startTestApp } from '../../testing/app';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, type TestApp } from '../../testing/app';
import { chatUsers } from '../../testing/chats';
import type { RegisteredUser } from '../../testing/users';
import { deletedEvent, editedEvent, hitOf, instant, SearchFixture, sentEvent, uniqueWord } from '../../testing/search';
import { IndexMessagesOnMessageEvents } from './index';

describe('search projection: message events into PostgreSQL (integration)', function () {
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

  it('finds a message within seconds of message.sent, follows its edit and deletion, and shrugs off redelivery', async () => {
    const chat = await fixture.createChat(alice);
    const [first, second, third] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const sent = sentEvent(chat, alice.id, `Hello ${first.toUpperCase()}, how are you?`);
    const started = Date.now();
    await fixture.publish(sent);
    const hits = await eventually(
      'the sent message',
      () => fixture.found(alice, first),
      (items) => items.length > 0,
      15_000,
    );
    assert.deepEqual(hits, [hitOf(sent.payload)]);
    assert.ok(Date.now() - started < 15_000);

    const edit = editedEvent(sent.payload, `hello ${second}`);
    await fixture.publish(edit);
    await eventually(
      'the edit',
      () => fixture.found(alice, second),
      (items) => items.length > 0,
      15_000,
    );
    assert.deepEqual(await fixture.found(alice, second), [
      hitOf(sent.payload, `hello ${second}`, edit.payload.editedAt),
    ]);
    assert.deepEqual(await fixture.found(alice, first), [], 'the old text is no longer findable');

    const removal = deletedEvent(sent.payload);
    await fixture.publish(removal);
    await eventually(
      'the deletion',
      () => fixture.found(alice, second),
      (items) => items.length === 0,
      15_000,
    );

    // The same envelopes again through Kafka, then a marker on the same key (same partition, so it is
    // applied after them): once the marker is findable, the redeliveries have been applied too.
    const marker = sentEvent(chat, alice.id, `marker ${third}`, 2);
    await fixture.publish(sent, edit, removal, marker);
    await eventually(
      'the marker',
      () => fixture.found(alice, third),
      (items) => items.length === 1,
      15_000,
    );
    assert.deepEqual(await fixture.found(alice, first), []);
    assert.deepEqual(await fixture.found(alice, second), []);
    const [row] = await fixture.row(sent.payload.messageId);
    assert.equal(row?.['body'], null);
    assert.deepEqual(row?.['edited_at'], new Date(edit.payload.editedAt));
    assert.deepEqual(row?.['deleted_at'], new Date(removal.payload.deletedAt));
  });

  it('applies every event once however often the handler gets it, by the payload order per message', async () => {
    const handler = app.booted.container.get(IndexMessagesOnMessageEvents);
    const chat = await fixture.createChat(alice);
    const sent = sentEvent(chat, alice.id, 'original text', 7, instant(60_000));
    const older = editedEvent(sent.payload, 'first edit', instant(30_000));
    const newer = editedEvent(sent.payload, 'second edit', instant(20_000));
    const removal = deletedEvent(sent.payload, instant(10_000));
    const row = () => fixture.row(sent.payload.messageId);

    await handler.handle(sent);
    const afterSent = await row();
    await handler.handle(sent);
    assert.deepEqual(await row(), afterSent, 'a repeated send changes nothing');
    assert.deepEqual(afterSent, [
      {
        chat_id: chat,
        seq: '7',
        sender_id: alice.id,
        body: 'original text',
        sent_at: new Date(sent.payload.sentAt),
        edited_at: null,
        deleted_at: null,
      },
    ]);

    await handler.handle(newer);
    const afterEdit = await row();
    for (const event of [newer, older, sent]) await handler.handle(event);
    assert.deepEqual(await row(), afterEdit, 'a repeated or older edit, or a late send, changes nothing');
    assert.equal(afterEdit[0]?.['body'], 'second edit');
    assert.deepEqual(afterEdit[0]?.['edited_at'], new Date(newer.payload.editedAt));

    await handler.handle(removal);
    const afterDelete = await row();
    const later = editedEvent(sent.payload, 'resurrected?', instant());
    for (const event of [removal, deletedEvent(sent.payload), sent, later]) await handler.handle(event);
    assert.deepEqual(await row(), afterDelete, 'a deletion is final');
    assert.equal(afterDelete[0]?.['body'], null);
    assert.deepEqual(afterDelete[0]?.['deleted_at'], new Date(removal.payload.deletedAt));
    assert.deepEqual(await fixture.found(alice, 'resurrected'), []);
  });

  it('rejects an event whose payload breaks the contract instead of indexing it', async () => {
    const handler = app.booted.container.get(IndexMessagesOnMessageEvents);
    const chat = await fixture.createChat(alice);
    const sent = sentEvent(chat, alice.id, 'hello');
    await assert.rejects(handler.handle({ ...sent, payload: { ...sent.payload, senderId: undefined } }));
    await assert.rejects(handler.handle({ ...sent, aggregateId: randomUUID() }));
    assert.deepEqual(await fixture.row(sent.payload.messageId), []);
  });
});

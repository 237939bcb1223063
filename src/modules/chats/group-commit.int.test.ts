import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, groupChat, messageDocs, type ErrorJson, type MessageJson } from '../../testing/chats';
import { testConfig } from '../../testing/config';
import type { RegisteredUser } from '../../testing/users';
import { messageIdOf } from './domain/message';

/**
 * Sends that wait for the same chat in one process are appended together (docs/decisions/0051):
 * one insert command for the group, each send at its own seq in arrival order, a refused send
 * taking no seq, and a group stopped by a seq already taken finishing one by one.
 */
describe('group commit of sends to one chat (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: RegisteredUser, member: RegisteredUser, outsider: RegisteredUser;
  const inserts: { collection: string; documents: number }[] = [];
  const listen = (event: CommandStartedEvent): void => {
    if (event.commandName !== 'insert') return;
    const documents = event.command['documents'] as unknown[];
    inserts.push({ collection: String(event.command['insert']), documents: documents.length });
  };

  before(async () => {
    const url = new URL(testConfig().MONGO_URL);
    url.searchParams.set('monitorCommands', 'true');
    app = await startTestApp({ config: testConfig({ MONGO_URL: url.toString() }) });
    [owner, member, outsider] = (await chatUsers(app, 3)) as [RegisteredUser, RegisteredUser, RegisteredUser];
    app.booted.container.get<Connection>(MONGO_CONNECTION).getClient().on('commandStarted', listen);
  });
  after(async () => {
    app?.booted.container.get<Connection>(MONGO_CONNECTION).getClient().off('commandStarted', listen);
    await app?.stop();
  });

  const send = (chatId: string, user: RegisteredUser, body: string) =>
    app.request<MessageJson & ErrorJson>('POST', `/v1/chats/${chatId}/messages`, {
      token: user.accessToken,
      body: { body, clientMsgId: randomUUID() },
    });

  it('appends concurrent sends with fewer inserts than sends, gapless, and a refused one takes no seq', async () => {
    const chat = await groupChat(app, owner, [member]);
    inserts.length = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(chat.id, [owner, member, outsider][i % 3]!, `m${i}`)),
    );
    const refused = results.filter((_, i) => i % 3 === 2);
    assert.ok(refused.every((res) => res.status === 404 && res.body.error.code === 'CHAT.NOT_FOUND'));
    const sent = results.filter((_, i) => i % 3 !== 2);
    assert.ok(
      sent.every((res) => res.status === 201),
      JSON.stringify(sent.find((res) => res.status !== 201)?.body),
    );
    assert.deepEqual(
      sent.map((res) => res.body.seq).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // Each caller got its own message.
    assert.deepEqual(
      sent.map((res) => res.body.body),
      Array.from({ length: 30 }, (_, i) => `m${i}`).filter((_, i) => i % 3 !== 2),
    );
    const messageInserts = inserts.filter((insert) => insert.collection === 'messages');
    assert.equal(
      messageInserts.reduce((sum, insert) => sum + insert.documents, 0),
      20,
    );
    assert.ok(messageInserts.length < 20, `${messageInserts.length} insert commands for 20 sends`);
  });

  it('finishes a group one by one when its first seq was taken by a send whose process died', async () => {
    const chat = await groupChat(app, owner, [member]);
    assert.equal((await send(chat.id, owner, 'first')).status, 201);
    const [stored] = await messageDocs(app, chat.id);
    assert.ok(stored);
    // Stored at seq 2 by a process that died before moving the chat's head.
    const orphan = { ...stored, _id: messageIdOf(chat.id, 2), seq: 2, body: 'orphan', clientMsgId: randomUUID() };
    await app.booted.container
      .get<Connection>(MONGO_CONNECTION)
      .db!.collection('messages')
      .insertOne(orphan as never);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send(chat.id, member, `after ${i}`)));
    assert.ok(
      results.every((res) => res.status === 201),
      JSON.stringify(results.find((res) => res.status !== 201)?.body),
    );
    assert.deepEqual(
      results.map((res) => res.body.seq).sort((a, b) => a - b),
      [3, 4, 5, 6, 7, 8],
    );
    const bodies = (await messageDocs(app, chat.id)).sort((a, b) => a.seq - b.seq).map((doc) => doc.body);
    assert.deepEqual(bodies.slice(0, 2), ['first', 'orphan']);
    assert.equal(bodies.length, 8);
  });
});

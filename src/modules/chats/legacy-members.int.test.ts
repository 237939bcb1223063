import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { moveMembersOutOfChats } from '../../../migrations/mongo';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, type ChatJson } from '../../testing/chats';
import type { RegisteredUser } from '../../testing/users';

/** A chat written before docs/decisions/0036 (members inside the document) works after `migrate`. */
describe('chats with embedded members, migrated (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: RegisteredUser, member: RegisteredUser;

  before(async () => {
    app = await startTestApp();
    [owner, member] = (await chatUsers(app, 2)) as [RegisteredUser, RegisteredUser];
  });
  after(() => app.stop());

  it('moves members, roster and chat lists out of the chat document, idempotently', async () => {
    const db = app.booted.container.get<Connection>(MONGO_CONNECTION).db;
    assert.ok(db);
    const chatId = randomUUID();
    const now = new Date();
    await db.collection<{ _id: string; [field: string]: unknown }>('chats').insertOne({
      _id: chatId,
      type: 'group',
      title: 'old',
      members: [
        { userId: owner.id, role: 'owner', joinedAt: now, lastReadSeq: 0 },
        { userId: member.id, role: 'member', joinedAt: now, lastReadSeq: 0 },
      ],
      memberIds: [owner.id, member.id],
      lastSeq: 0,
      lastActivityAt: now,
      createdAt: now,
      version: 1,
      pendingEvents: [],
      outboxSince: null,
    });
    assert.ok((await moveMembersOutOfChats(db)) >= 1);
    assert.equal(await moveMembersOutOfChats(db), 0);
    const stored = await db.collection<{ _id: string; [field: string]: unknown }>('chats').findOne({ _id: chatId });
    assert.equal(stored?.['members'], undefined);
    assert.equal(stored?.['memberCount'], 2);

    const view = await app.request<ChatJson>('GET', `/v1/chats/${chatId}`, { token: member.accessToken });
    assert.equal(view.status, 200);
    assert.deepEqual(
      view.body.members.map((m) => [m.userId, m.role]).sort(),
      [
        [member.id, 'member'],
        [owner.id, 'owner'],
      ].sort(),
    );
    const list = await app.request<{ items: ChatJson[] }>('GET', '/v1/chats', { token: owner.accessToken });
    assert.ok(list.body.items.some((item) => item.id === chatId));
    const sent = await app.request('POST', `/v1/chats/${chatId}/messages`, {
      token: member.accessToken,
      body: { body: 'still here', clientMsgId: 'legacy-1' },
    });
    assert.equal(sent.status, 201);
  });
});

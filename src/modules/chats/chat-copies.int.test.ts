import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, groupChat, type ErrorJson, type MessageJson } from '../../testing/chats';
import type { RegisteredUser } from '../../testing/users';

/**
 * Each api process keeps copies of the chats and member documents it read, used while the chat's
 * head in Redis carries their version (docs/decisions/0051). Two processes against the same stores:
 * a membership change made through one is obeyed at once by the other's next send and page.
 */
describe('per-process chat copies across processes (integration)', function () {
  this.timeout(120_000);
  let one: TestApp, other: TestApp;
  let owner: RegisteredUser, member: RegisteredUser, joiner: RegisteredUser;

  before(async () => {
    one = await startTestApp();
    other = await startTestApp({ worker: false });
    [owner, member, joiner] = (await chatUsers(one, 3)) as [RegisteredUser, RegisteredUser, RegisteredUser];
  });
  after(async () => {
    await other?.stop();
    await one?.stop();
  });

  const send = (app: TestApp, chatId: string, user: RegisteredUser) =>
    app.request<MessageJson & ErrorJson>('POST', `/v1/chats/${chatId}/messages`, {
      token: user.accessToken,
      body: { body: `from ${user.id}`, clientMsgId: randomUUID() },
    });
  const page = (app: TestApp, chatId: string, user: RegisteredUser) =>
    app.request<ErrorJson>('GET', `/v1/chats/${chatId}/messages`, { token: user.accessToken });

  it('refuses a removed member and admits a new one on the other process right after the change', async () => {
    const chat = await groupChat(one, owner, [member]);
    // The other process reads the chat: the member's document, and the joiner's absence.
    assert.equal((await send(other, chat.id, member)).status, 201);
    assert.equal((await send(other, chat.id, member)).status, 201);
    assert.equal((await send(other, chat.id, joiner)).body.error.code, 'CHAT.NOT_FOUND');
    assert.equal((await page(other, chat.id, member)).status, 200);

    const removed = await one.request('DELETE', `/v1/chats/${chat.id}/members/${member.id}`, {
      token: owner.accessToken,
    });
    assert.equal(removed.status, 204);
    const added = await one.request('POST', `/v1/chats/${chat.id}/members`, {
      token: owner.accessToken,
      body: { userIds: [joiner.id] },
    });
    assert.equal(added.status, 200);

    const refused = await send(other, chat.id, member);
    assert.equal(refused.status, 404);
    assert.equal(refused.body.error.code, 'CHAT.NOT_FOUND');
    assert.equal((await page(other, chat.id, member)).body.error.code, 'CHAT.NOT_FOUND');
    assert.equal((await send(other, chat.id, joiner)).status, 201);
    assert.equal((await page(other, chat.id, joiner)).status, 200);
  });
});

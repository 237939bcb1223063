import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../testing/app';
import { chatUsers, groupChat, type MessageJson } from '../testing/chats';
import { spawnApi } from '../testing/process';
import type { RegisteredUser } from '../testing/users';
import { WsTestClient, type Frame } from '../testing/ws';

const isMessage = (id: string) => (frame: Frame) =>
  frame.type === 'message.new' && (frame.payload as MessageJson).id === id;

describe('fan-out across api processes (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let other: Awaited<ReturnType<typeof spawnApi>>;
  let alice: RegisteredUser, bob: RegisteredUser;

  before(async () => {
    app = await startTestApp();
    other = await spawnApi(app.booted.config);
    [alice, bob] = (await chatUsers(app, 2)) as [RegisteredUser, RegisteredUser];
  });
  after(async () => {
    other?.child.kill('SIGTERM');
    await other?.exited;
    await app.stop();
  });

  it('delivers what a client on one process sends to clients on the other, both ways, and to every device', async () => {
    const chat = await groupChat(app, alice, [bob], 'two processes');
    const aliceHere = await WsTestClient.connect(app.base, { token: alice.accessToken });
    const bobThere = await WsTestClient.connect(other.base, { token: bob.accessToken });
    const bobHere = await WsTestClient.connect(app.base, { token: bob.accessToken });

    const fromAlice = await aliceHere.request<{ message: MessageJson }>('message.send', {
      chatId: chat.id,
      body: 'from process one',
      clientMsgId: randomUUID(),
    });
    const aliceMessage = fromAlice.result?.message as MessageJson;
    await bobThere.next(isMessage(aliceMessage.id), 'on the other process');
    await bobHere.next(isMessage(aliceMessage.id), "on bob's second device");

    const fromBob = await bobThere.request<{ message: MessageJson }>('message.send', {
      chatId: chat.id,
      body: 'from process two',
      clientMsgId: randomUUID(),
    });
    const bobMessage = fromBob.result?.message as MessageJson;
    const seen = await aliceHere.next(isMessage(bobMessage.id), 'back on the first process');
    assert.equal((seen.payload as MessageJson).body, 'from process two');
    assert.equal(bobMessage.seq, aliceMessage.seq + 1, 'one seq per chat across processes');

    const typing = await bobThere.request('typing', { chatId: chat.id, state: 'start' });
    assert.equal(typing.ok, true);
    await aliceHere.next((f) => f.type === 'typing', 'typing across processes');

    for (const client of [aliceHere, bobThere, bobHere]) await client.close();
  });
});

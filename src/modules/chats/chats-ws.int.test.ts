import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, groupChat, type ChatJson, type MessageJson } from '../../testing/chats';
import { testConfig } from '../../testing/config';
import type { RegisteredUser } from '../../testing/users';
import { WsTestClient, type Frame } from '../../testing/ws';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed view of a frame's payload
const payloadOf = <T>(frame: Frame): T => frame.payload as T;

describe('chat frames over the WebSocket (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: RegisteredUser, member: RegisteredUser, outsider: RegisteredUser;
  let chat: ChatJson;
  let ownerWs: WsTestClient, memberWs: WsTestClient, outsiderWs: WsTestClient;

  before(async () => {
    app = await startTestApp({ config: testConfig({ TYPING_TTL_MS: '400' }) });
    [owner, member, outsider] = (await chatUsers(app, 3)) as [RegisteredUser, RegisteredUser, RegisteredUser];
    chat = await groupChat(app, owner, [member]);
    ownerWs = await WsTestClient.connect(app.base, { token: owner.accessToken });
    memberWs = await WsTestClient.connect(app.base, { token: member.accessToken });
    outsiderWs = await WsTestClient.connect(app.base, { token: outsider.accessToken });
  });
  after(async () => {
    for (const client of [ownerWs, memberWs, outsiderWs]) await client?.close();
    await app.stop();
  });

  const sendWs = async (body: string): Promise<MessageJson> => {
    const ack = await ownerWs.request<{ message: MessageJson; created: boolean }>('message.send', {
      chatId: chat.id,
      body,
      clientMsgId: randomUUID(),
    });
    assert.equal(ack.ok, true, JSON.stringify(ack.error));
    return (ack.result as { message: MessageJson }).message;
  };

  it('message.send is acked and reaches every member as message.new; a REST send does too', async () => {
    const clientMsgId = randomUUID();
    const ack = await ownerWs.request<{ message: MessageJson; created: boolean }>('message.send', {
      chatId: chat.id,
      body: 'over the socket',
      clientMsgId,
    });
    assert.equal(ack.ok, true);
    const sent = ack.result?.message as MessageJson;
    const seen = await memberWs.next(
      (f) => f.type === 'message.new' && payloadOf<MessageJson>(f).id === sent.id,
      'ws message',
    );
    assert.equal(payloadOf<MessageJson>(seen).body, 'over the socket');
    assert.equal(payloadOf<MessageJson>(seen).seq, sent.seq);

    const retry = await ownerWs.request<{ message: MessageJson; created: boolean }>('message.send', {
      chatId: chat.id,
      body: 'over the socket',
      clientMsgId,
    });
    assert.deepEqual([retry.result?.created, retry.result?.message.id], [false, sent.id]);

    const rest = await app.request<MessageJson>('POST', `/v1/chats/${chat.id}/messages`, {
      token: member.accessToken,
      body: { body: 'over REST', clientMsgId: randomUUID() },
    });
    assert.equal(rest.status, 201);
    for (const client of [ownerWs, memberWs]) {
      await client.next(
        (f) => f.type === 'message.new' && payloadOf<MessageJson>(f).id === rest.body.id,
        'rest message',
      );
    }
    assert.equal(
      outsiderWs.ofType<MessageJson>('message.new').filter((m) => m.chatId === chat.id).length,
      0,
      'a non-member hears nothing',
    );
  });

  it('message.edit, message.delete, reaction.add/remove and read push their updates to members', async () => {
    const message = await sendWs('to change');
    const edited = await ownerWs.request<MessageJson>('message.edit', {
      chatId: chat.id,
      messageId: message.id,
      body: 'changed',
    });
    assert.equal(edited.result?.body, 'changed');
    await memberWs.next(
      (f) =>
        f.type === 'message.updated' &&
        payloadOf<MessageJson>(f).id === message.id &&
        payloadOf<MessageJson>(f).body === 'changed',
      'message.updated',
    );

    assert.equal(
      (await memberWs.request('reaction.add', { chatId: chat.id, messageId: message.id, emoji: '👍' })).ok,
      true,
    );
    const added = await ownerWs.next(
      (f) =>
        f.type === 'reaction.updated' &&
        payloadOf<{ messageId: string; reactions: unknown[] }>(f).reactions.length === 1,
      'reaction added',
    );
    assert.deepEqual(payloadOf<{ reactions: unknown }>(added).reactions, [{ emoji: '👍', userIds: [member.id] }]);
    assert.equal(
      (await memberWs.request('reaction.remove', { chatId: chat.id, messageId: message.id, emoji: '👍' })).ok,
      true,
    );
    await ownerWs.next(
      (f) =>
        f.type === 'reaction.updated' &&
        payloadOf<{ messageId: string; reactions: unknown[] }>(f).messageId === message.id &&
        payloadOf<{ reactions: unknown[] }>(f).reactions.length === 0,
      'reaction removed',
    );

    assert.equal((await memberWs.request('read', { chatId: chat.id, seq: message.seq })).ok, true);
    await ownerWs.next(
      (f) => f.type === 'read.updated' && payloadOf<{ userId: string; seq: number }>(f).seq === message.seq,
      'read.updated',
    );

    assert.equal((await ownerWs.request('message.delete', { chatId: chat.id, messageId: message.id })).ok, true);
    const deleted = await memberWs.next(
      (f) => f.type === 'message.deleted' && payloadOf<MessageJson>(f).id === message.id,
      'message.deleted',
    );
    assert.equal(payloadOf<MessageJson>(deleted).body, null);
  });

  it('typing reaches the other members only, and stops by itself when the typist goes quiet', async () => {
    assert.equal((await ownerWs.request('typing', { chatId: chat.id, state: 'start' })).ok, true);
    const start = await memberWs.next(
      (f) => f.type === 'typing' && payloadOf<{ state: string }>(f).state === 'start',
      'typing start',
    );
    assert.deepEqual(payloadOf(start), { chatId: chat.id, userId: owner.id, state: 'start', expiresInMs: 400 });
    const stop = await memberWs.next(
      (f) => f.type === 'typing' && payloadOf<{ state: string }>(f).state === 'stop',
      'typing stop',
    );
    assert.deepEqual(payloadOf(stop), { chatId: chat.id, userId: owner.id, state: 'stop' });
    assert.equal(ownerWs.ofType('typing').length, 0, 'the typist does not hear itself');
  });

  it('chat.updated tells members of a rename and a removed member that it is out', async () => {
    const renamed = await app.request('PATCH', `/v1/chats/${chat.id}`, {
      token: owner.accessToken,
      body: { title: 'renamed' },
    });
    assert.equal(renamed.status, 200);
    await memberWs.next(
      (f) => f.type === 'chat.updated' && payloadOf<{ title: string }>(f).title === 'renamed',
      'rename',
    );
    const extra = await groupChat(app, owner, [member], 'short-lived');
    await memberWs.next(
      (f) => f.type === 'chat.updated' && payloadOf<{ chatId: string }>(f).chatId === extra.id,
      'new chat',
    );
    const removed = await app.request('DELETE', `/v1/chats/${extra.id}/members/${member.id}`, {
      token: owner.accessToken,
    });
    assert.equal(removed.status, 204);
    const out = await memberWs.next(
      (f) =>
        f.type === 'chat.updated' &&
        payloadOf<{ chatId: string; members: { userId: string }[] }>(f).chatId === extra.id &&
        !payloadOf<{ members: { userId: string }[] }>(f).members.some((m) => m.userId === member.id),
      'removal',
    );
    assert.ok(out);
  });

  it('sync returns exactly the messages missed after a reconnect, and refuses chats the caller cannot see', async () => {
    const before = await sendWs('seen before the gap');
    await memberWs.next((f) => f.type === 'message.new' && payloadOf<MessageJson>(f).id === before.id, 'before gap');
    await memberWs.close();
    const missed = [await sendWs('missed 1'), await sendWs('missed 2'), await sendWs('missed 3')];
    memberWs = await WsTestClient.connect(app.base, { token: member.accessToken });
    const other = await groupChat(app, outsider, [], 'not yours');
    const reply = await memberWs.request<{
      chats: { chatId: string; messages?: MessageJson[]; error?: { code: string } }[];
    }>(
      'sync',
      {
        chats: [
          { chatId: chat.id, afterSeq: before.seq },
          { chatId: other.id, afterSeq: 0 },
        ],
      },
      'sync.result',
    );
    const [mine, theirs] = reply.result?.chats ?? [];
    assert.deepEqual(
      mine?.messages?.map((m) => m.id),
      missed.map((m) => m.id),
    );
    assert.equal(theirs?.error?.code, 'CHAT.NOT_FOUND');
  });

  it('answers bad requests with an error ack naming the field, and non-members with CHAT.NOT_FOUND', async () => {
    const bad = await ownerWs.request('message.send', { chatId: 'nope', body: '', clientMsgId: randomUUID() });
    assert.equal(bad.ok, false);
    assert.equal(bad.error?.code, 'VALIDATION.FAILED');
    assert.deepEqual(bad.error?.details?.fields?.map((f) => f.field).sort(), ['body', 'chatId']);
    const badSync = await ownerWs.request('sync', { chats: [] });
    assert.equal(badSync.error?.code, 'VALIDATION.FAILED');
    const stranger = await outsiderWs.request('message.send', {
      chatId: chat.id,
      body: 'hi',
      clientMsgId: randomUUID(),
    });
    assert.equal(stranger.error?.code, 'CHAT.NOT_FOUND');
    const typing = await outsiderWs.request('typing', { chatId: chat.id, state: 'start' });
    assert.equal(typing.error?.code, 'CHAT.NOT_FOUND');
  });
});

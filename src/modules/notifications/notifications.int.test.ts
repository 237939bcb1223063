import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { waitForGroupAtEnd } from '../../testing/kafka';
import { MESSAGES_TOPIC } from '../chats';
import { FRIENDSHIPS_TOPIC } from '../friends';
import { WsTestClient } from '../../testing/ws';
import { startFriendsApp, type FriendsApp, type GraphUser } from '../../testing/friends';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook';
import { signWebhook, type Notification } from '.';

const SECRET = 'test-webhook-secret';

describe('notifications (integration)', function () {
  this.timeout(120_000);
  let fx: FriendsApp;
  let gateway: WebhookReceiver;
  let alice: GraphUser, bob: GraphUser, carol: GraphUser;

  before(async () => {
    gateway = await startWebhookReceiver();
    fx = await startFriendsApp(testConfig({ NOTIFY_WEBHOOK_URL: gateway.url, NOTIFY_WEBHOOK_SECRET: SECRET }));
    [alice, bob, carol] = [await fx.user('Alice'), await fx.user('Bob'), await fx.user('Carol')];
  });
  after(async () => {
    await fx.stop();
    gateway.server.close();
  });

  const listOf = async (user: GraphUser): Promise<Notification[]> => {
    const res = await fx.app.request<{ items: Notification[] }>('GET', '/v1/notifications', {
      token: user.accessToken,
    });
    assert.equal(res.status, 200);
    return res.body.items;
  };

  it('stores a direct message for an offline recipient, pushes it signed, and delivers it once on connect', async () => {
    const chat = await fx.app.request<{ id: string }>('POST', '/v1/chats', {
      token: alice.accessToken,
      body: { type: 'direct', userId: bob.id },
    });
    assert.equal(chat.status, 201);
    const sent = await fx.app.request<{ id: string }>('POST', `/v1/chats/${chat.body.id}/messages`, {
      token: alice.accessToken,
      body: { body: 'are you there?', clientMsgId: randomUUID() },
    });
    assert.equal(sent.status, 201);

    const [stored] = await eventually(
      'bob notified',
      () => listOf(bob),
      (items) => items.length === 1,
    );
    assert.equal(stored?.kind, 'direct_message');
    assert.deepEqual(
      [stored?.actorId, stored?.chatId, stored?.messageId, stored?.preview],
      [alice.id, chat.body.id, sent.body.id, 'are you there?'],
    );
    assert.equal(stored?.readAt, null);

    const pushed = await eventually(
      'the webhook push',
      async () => gateway.received.find((r) => r.body.includes(stored?.id ?? '?')),
      Boolean,
    );
    const timestamp = Number(/t=(\d+)/.exec(pushed?.signature ?? '')?.[1]);
    assert.equal(pushed?.signature, signWebhook(SECRET, timestamp, pushed?.body ?? ''), 'the HMAC matches the body');

    const bobWs = await WsTestClient.connect(fx.app.base, { token: bob.accessToken });
    const delivered = await bobWs.next((f) => f.type === 'notification.new', 'notification on connect');
    assert.equal((delivered.payload as Notification).id, stored?.id);
    await bobWs.close();
    const again = await WsTestClient.connect(fx.app.base, { token: bob.accessToken });
    await again.request('ping', undefined, 'pong');
    assert.equal(again.ofType('notification.new').length, 0, 'delivered once');

    const read = await fx.app.request<Notification>('POST', `/v1/notifications/${stored?.id ?? ''}/read`, {
      token: bob.accessToken,
    });
    assert.equal(read.status, 200);
    assert.ok(read.body.readAt);
    const notHers = await fx.app.request('POST', `/v1/notifications/${stored?.id ?? ''}/read`, {
      token: carol.accessToken,
    });
    assert.equal(notHers.status, 404);
    const badId = await fx.app.request('POST', '/v1/notifications/nope/read', { token: bob.accessToken });
    assert.ok(badId.status >= 400 && badId.status < 500);

    // Bob is connected now: a new direct message reaches him live and makes no notification.
    const live = await fx.app.request<{ id: string }>('POST', `/v1/chats/${chat.body.id}/messages`, {
      token: alice.accessToken,
      body: { body: 'now you are', clientMsgId: randomUUID() },
    });
    await again.next(
      (f) => f.type === 'message.new' && (f.payload as { id: string }).id === live.body.id,
      'live message',
    );
    await waitForGroupAtEnd(fx.app.booted, {
      handler: 'notifications.message-sent',
      topic: MESSAGES_TOPIC,
      event: (e) => (e.payload as { messageId?: string }).messageId === live.body.id,
    });
    assert.equal((await listOf(bob)).length, 1, 'no notification for a connected user');
    await again.close();
  });

  it('notifies an offline member who is mentioned in a group, and not one who is not', async () => {
    const group = await fx.app.request<{ id: string }>('POST', '/v1/chats', {
      token: alice.accessToken,
      body: { type: 'group', title: 'mentions', memberIds: [bob.id, carol.id] },
    });
    const mention = await fx.app.request<{ id: string }>('POST', `/v1/chats/${group.body.id}/messages`, {
      token: alice.accessToken,
      body: { body: `hey @${carol.username}`, clientMsgId: randomUUID() },
    });
    const items = await eventually(
      'carol mentioned',
      () => listOf(carol),
      (list) => list.some((n) => n.kind === 'mention'),
    );
    assert.equal(items.filter((n) => n.chatId === group.body.id).length, 1);
    await waitForGroupAtEnd(fx.app.booted, {
      handler: 'notifications.message-sent',
      topic: MESSAGES_TOPIC,
      event: (e) => (e.payload as { messageId?: string }).messageId === mention.body.id,
    });
    assert.equal((await listOf(bob)).filter((n) => n.chatId === group.body.id).length, 0, 'bob was not mentioned');
  });

  it('tells of friend requests and acceptances: live when connected, a notification when not', async () => {
    const dave = await fx.user('Dave');
    const daveWs = await WsTestClient.connect(fx.app.base, { token: dave.accessToken });
    const toDave = await fx.call<{ request: { id: string } }>(carol, 'POST', '/v1/friends/requests', {
      userId: dave.id,
    });
    assert.equal(toDave.status, 201);
    await daveWs.next((f) => f.type === 'friend.request', 'live friend.request');

    // Carol is offline: Dave's acceptance becomes her notification.
    const accepted = await fx.call(dave, 'POST', `/v1/friends/requests/${toDave.body.request.id}/accept`);
    assert.equal(accepted.status, 200);
    const carols = await eventually(
      'carol told of acceptance',
      () => listOf(carol),
      (list) => list.some((n) => n.kind === 'friend_accepted'),
    );
    assert.equal(carols.find((n) => n.kind === 'friend_accepted')?.actorId, dave.id);
    await waitForGroupAtEnd(fx.app.booted, {
      handler: 'notifications.friend-requests',
      topic: FRIENDSHIPS_TOPIC,
      event: (e) => (e.payload as { requestId?: string }).requestId === toDave.body.request.id,
    });
    assert.equal((await listOf(dave)).filter((n) => n.kind === 'friend_request').length, 0, 'dave was connected');

    const toBob = await fx.call<{ request: { id: string } }>(alice, 'POST', '/v1/friends/requests', { userId: bob.id });
    assert.equal(toBob.status, 201);
    await eventually(
      'bob told of the request',
      () => listOf(bob),
      (list) => list.some((n) => n.kind === 'friend_request'),
    );

    // Alice is connected when Bob accepts: she hears it live.
    const aliceWs = await WsTestClient.connect(fx.app.base, { token: alice.accessToken });
    const acceptedByBob = await fx.call(bob, 'POST', `/v1/friends/requests/${toBob.body.request.id}/accept`);
    assert.equal(acceptedByBob.status, 200);
    const live = await aliceWs.next((f) => f.type === 'friend.accepted', 'live friend.accepted');
    assert.deepEqual(live.payload, { requestId: toBob.body.request.id, fromUserId: alice.id, toUserId: bob.id });
    await aliceWs.close();
    await daveWs.close();
  });

  it('pages the list with a cursor and refuses a forged one', async () => {
    const first = await fx.app.request<{ items: Notification[]; nextCursor: string | null }>(
      'GET',
      '/v1/notifications?limit=1',
      { token: bob.accessToken },
    );
    assert.equal(first.body.items.length, 1);
    assert.ok(first.body.nextCursor);
    const second = await fx.app.request<{ items: Notification[] }>(
      'GET',
      `/v1/notifications?limit=1&cursor=${first.body.nextCursor ?? ''}`,
      { token: bob.accessToken },
    );
    assert.equal(second.body.items.length, 1);
    assert.notEqual(second.body.items[0]?.id, first.body.items[0]?.id);
    const forged = await fx.app.request('GET', '/v1/notifications?cursor=zzz', { token: bob.accessToken });
    assert.ok(forged.status >= 400 && forged.status < 500);
  });
});

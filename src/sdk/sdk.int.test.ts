import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../testing/app';
import { chatUsers, groupChat } from '../testing/chats';
import { uniqueName } from '../testing/users';
import { nextEvent, Inbox, switchableWebSocket } from '../testing/sdk';
import {
  CLOSE_CODES,
  createPolychatClient,
  PolychatApiError,
  PolychatSocketClosedError,
  unwrap,
  type Message,
  type PolychatClient,
  type PolychatSocket,
} from './index';

const PASSWORD = 'correct horse battery';

describe('SDK against the real stack (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  const sockets: PolychatSocket[] = [];

  before(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  after(() => app.stop());

  const client = (): PolychatClient => createPolychatClient({ baseUrl: app.base });

  it('registers, logs in, refreshes once for concurrent 401s, and surfaces error codes and fields', async () => {
    const alice = client();
    const username = uniqueName('sdk');
    const registered = await alice.register({ username, email: `${username}@example.test`, password: PASSWORD });
    assert.equal(registered.user.username, username);
    assert.ok(alice.session.accessToken);

    const other = client();
    const loggedIn = await other.login({ username, password: PASSWORD });
    assert.equal(loggedIn.user.id, registered.user.id);

    const me = await unwrap(alice.rest.GET('/v1/users/me'));
    assert.equal(me.id, registered.user.id);

    // A revoked-looking access token: every call at once gets a 401, and one refresh serves them all.
    const before = alice.session.tokens;
    assert.ok(before);
    alice.session.set({ accessToken: 'not-a-token', refreshToken: before.refreshToken });
    const answers = await Promise.all([1, 2, 3].map(() => unwrap(alice.rest.GET('/v1/users/me'))));
    assert.deepEqual(
      answers.map((answer) => answer.id),
      [me.id, me.id, me.id],
    );
    assert.notEqual(alice.session.tokens?.refreshToken, before.refreshToken, 'the refresh token rotated once');
    // The rotated-away refresh token still works nowhere: spending it again would end the session.
    const stillMe = await unwrap(alice.rest.GET('/v1/users/me'));
    assert.equal(stillMe.id, me.id);

    await assert.rejects(
      unwrap(alice.rest.POST('/v1/chats', { body: { type: 'group', title: '', memberIds: [] } })),
      (error: unknown) => {
        assert.ok(error instanceof PolychatApiError);
        assert.equal(error.status, 422);
        assert.equal(error.code, 'VALIDATION.FAILED');
        assert.ok(error.field, 'names the field');
        return true;
      },
    );
    await assert.rejects(other.login({ username, password: 'wrong password!' }), { code: 'AUTH.INVALID_CREDENTIALS' });
  });

  it('delivers a REST send to another SDK client live, typed, once', async () => {
    const [alice, bob] = await chatUsers(app, 2);
    assert.ok(alice && bob);
    const chat = await groupChat(app, alice, [bob]);
    const aliceClient = createPolychatClient({ baseUrl: app.base, tokens: alice });
    const bobClient = createPolychatClient({ baseUrl: app.base, tokens: bob });
    const bobSocket = bobClient.socket({ WebSocket });
    sockets.push(bobSocket);
    const inbox = new Inbox(bobSocket);
    await bobSocket.connect();
    bobSocket.track(chat.id, chat.lastSeq);

    const sent = await unwrap(
      aliceClient.rest.POST('/v1/chats/{id}/messages', {
        params: { path: { id: chat.id } },
        body: { body: 'hello bob', clientMsgId: 'sdk-live-1' },
      }),
    );
    const message = await inbox.until(sent.id);
    assert.equal(message.body, 'hello bob');
    assert.equal(message.senderId, alice.id);
    // The ack of Bob's own send is typed too; his own message reaches his socket as well, once.
    const ack = await bobSocket.sendMessage(chat.id, 'hi alice');
    assert.equal(ack.created, true);
    await inbox.until(ack.message.id);
    assert.deepEqual(
      inbox.messages.map((m) => m.body),
      ['hello bob', 'hi alice'],
    );
    assert.equal(bobSocket.lastSeq(chat.id), ack.message.seq);
  });

  it('reconnects after losing its connection and catches up every missed message exactly once', async () => {
    const [alice, bob] = await chatUsers(app, 2);
    assert.ok(alice && bob);
    const chat = await groupChat(app, alice, [bob]);
    const aliceClient = createPolychatClient({ baseUrl: app.base, tokens: alice });
    const transport = switchableWebSocket();
    const bobSocket = createPolychatClient({ baseUrl: app.base, tokens: bob }).socket({
      WebSocket: transport.WebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      syncLimit: 2, // five missed messages: three pages
    });
    sockets.push(bobSocket);
    const inbox = new Inbox(bobSocket);
    await bobSocket.connect();
    bobSocket.track(chat.id, chat.lastSeq);

    const send = async (body: string) =>
      await unwrap(
        aliceClient.rest.POST('/v1/chats/{id}/messages', {
          params: { path: { id: chat.id } },
          body: { body, clientMsgId: body.replace(/ /g, '-') },
        }),
      );
    await inbox.until((await send('before 1')).id);

    // Offline: the transport dies and every reconnect attempt fails until back online.
    transport.state.online = false;
    const dropped = nextEvent(bobSocket, 'socket:close');
    transport.sockets.at(-1)?.terminate();
    await dropped;
    const missed: Message[] = [];
    for (let i = 1; i <= 5; i += 1) missed.push(await send(`missed ${i}`));
    const synced = nextEvent(bobSocket, 'socket:synced');
    transport.state.online = true;
    bobSocket.reconnectNow();
    await synced;
    await inbox.until(missed[4]?.id ?? '');

    assert.deepEqual(
      inbox.messages.map((m) => m.body),
      ['before 1', 'missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5'],
    );
    assert.equal(new Set(inbox.messages.map((m) => m.id)).size, inbox.messages.length, 'each message once');
    assert.equal(bobSocket.lastSeq(chat.id), missed[4]?.seq);
    assert.ok(transport.sockets.length >= 3, 'a failed attempt while offline, then a new connection');
  });

  it('stops for good when the session is revoked (4004), and requests then fail at once', async () => {
    const [bob] = await chatUsers(app, 1);
    assert.ok(bob);
    const bobClient = app.client(bob);
    const socket = bobClient.socket({ WebSocket, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
    sockets.push(socket);
    await socket.connect();
    const closed = nextEvent(socket, 'socket:close');
    await unwrap(bobClient.rest.POST('/v1/auth/logout-all'));
    const { code, reconnecting } = await closed;
    assert.equal(code, CLOSE_CODES.sessionRevoked);
    assert.equal(reconnecting, false);
    assert.equal(socket.state, 'closed');
    await assert.rejects(socket.request('presence', { status: 'away' }), PolychatSocketClosedError);
  });
});

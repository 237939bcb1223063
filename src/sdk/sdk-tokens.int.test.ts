import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../testing/app';
import { chatUsers, groupChat } from '../testing/chats';
import { testConfig } from '../testing/config';
import { nextEvent, Inbox, switchableWebSocket } from '../testing/sdk';
import type { RegisteredUser } from '../testing/users';
import { WsTestClient } from '../testing/ws';
import { CLOSE_CODES, unwrap, type PolychatSocket, type SocketClosed } from './index';

/** Access tokens live 3 s here, so a test outlives a few of them. */
const TTL = 3;

describe('SDK sessions across access-token expiry (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  const sockets: PolychatSocket[] = [];

  before(async () => {
    app = await startTestApp({ config: testConfig({ ACCESS_TOKEN_TTL_SECONDS: String(TTL) }) });
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  after(() => app.stop());

  /** Alice's messages into `chatId`, sent by REST through her SDK client (which refreshes her token as it goes). */
  const sender = (alice: RegisteredUser, chatId: string) => {
    const client = app.client(alice);
    return (body: string) =>
      unwrap(
        client.rest.POST('/v1/chats/{id}/messages', {
          params: { path: { id: chatId } },
          body: { body, clientMsgId: `${body.replace(/ /g, '-')}-${Date.now()}` },
        }),
      );
  };

  /** Resolves once `token` has expired: the server closes a connection authenticated by it with 4003. */
  const expiryOf = async (token: string): Promise<void> => {
    const witness = await WsTestClient.connect(app.base, { token });
    assert.equal((await witness.closed).code, CLOSE_CODES.sessionExpired);
  };

  it('keeps its connection past the token’s expiry: renews the token and re-authenticates on the open socket', async () => {
    const [alice, bob] = await chatUsers(app, 2);
    assert.ok(alice && bob);
    const chat = await groupChat(app, alice, [bob]);
    const bobClient = app.client(bob);
    const socket = bobClient.socket({ WebSocket });
    sockets.push(socket);
    const closes: SocketClosed[] = [];
    socket.on('socket:close', (closed) => closes.push(closed));
    const inbox = new Inbox(socket);
    await socket.connect();
    socket.track(chat.id, chat.lastSeq);
    const connectedWith = bobClient.session.accessToken;
    assert.ok(connectedWith);

    await expiryOf(connectedWith);
    assert.notEqual(bobClient.session.accessToken, connectedWith, 'renewed before it expired');
    const sent = await sender(alice, chat.id)('after the first token expired');
    await inbox.until(sent.id);
    assert.equal(socket.state, 'open');
    assert.deepEqual(closes, [], 'never dropped');
  });

  it('offline past the token’s expiry: refreshes before re-authenticating, then catches up what it missed', async () => {
    const [alice, bob] = await chatUsers(app, 2);
    assert.ok(alice && bob);
    const chat = await groupChat(app, alice, [bob]);
    const bobClient = app.client(bob);
    const transport = switchableWebSocket();
    const socket = bobClient.socket({
      WebSocket: transport.WebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    sockets.push(socket);
    const inbox = new Inbox(socket);
    await socket.connect();
    socket.track(chat.id, chat.lastSeq);

    transport.state.online = false;
    const dropped = nextEvent(socket, 'socket:close');
    transport.sockets.at(-1)?.terminate();
    await dropped;
    const offlineWith = bobClient.session.accessToken;
    assert.ok(offlineWith);
    const send = sender(alice, chat.id);
    const missed = [await send('missed 1'), await send('missed 2')];
    await expiryOf(offlineWith);
    missed.push(await send('missed 3'));

    const closes: SocketClosed[] = [];
    socket.on('socket:close', (closed) => closes.push(closed));
    const synced = nextEvent(socket, 'socket:synced');
    transport.state.online = true;
    socket.reconnectNow();
    await synced;
    await inbox.until(missed[2]?.id ?? '');

    assert.notEqual(bobClient.session.accessToken, offlineWith, 'refreshed');
    assert.deepEqual(
      closes.filter((closed) => closed.code === CLOSE_CODES.unauthenticated),
      [],
      'never tried the expired token',
    );
    assert.deepEqual(
      inbox.messages.map((message) => message.body),
      ['missed 1', 'missed 2', 'missed 3'],
    );
  });
});

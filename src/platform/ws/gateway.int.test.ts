import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { registerUser, type RegisteredUser } from '../../testing/users';
import { WsTestClient } from '../../testing/ws';
import { LIVE_FANOUT, WS_CLOSE, type LiveFanout } from '.';

describe('WebSocket gateway (integration)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let alice: RegisteredUser;

  before(async () => {
    app = await startTestApp({
      worker: false,
      config: testConfig({
        WS_AUTH_TIMEOUT_MS: '500',
        WS_HEARTBEAT_MS: '300',
        WS_RATE_FRAMES: '30',
        WS_RATE_WINDOW_SECONDS: '10',
        WS_MAX_FRAME_BYTES: '4096',
        WS_MAX_BUFFERED_BYTES: '65536',
      }),
    });
    alice = await registerUser(app);
  });
  after(() => app.stop());

  it('authenticates by a first auth frame and by the Authorization header', async () => {
    const byFrame = await WsTestClient.connect(app.base, { token: alice.accessToken });
    const byHeader = await WsTestClient.connect(app.base, { token: alice.accessToken, via: 'header' });
    for (const client of [byFrame, byHeader]) {
      const pong = await client.request('ping', undefined, 'pong');
      assert.equal(pong.ok, true);
      const unknown = await client.request('no.such.type', {});
      assert.equal(unknown.error?.code, 'WS.UNKNOWN_TYPE');
      await client.close();
    }
  });

  it('closes with 4001 a client that never authenticates, one that asks before auth, and a bad token', async () => {
    const silent = await WsTestClient.connect(app.base);
    assert.equal((await silent.closed).code, WS_CLOSE.unauthenticated);

    const eager = await WsTestClient.connect(app.base);
    eager.send({ type: 'message.send', id: '1', payload: {} });
    assert.equal((await eager.closed).code, WS_CLOSE.unauthenticated);

    const forged = await WsTestClient.connect(app.base);
    forged.send({ type: 'auth', id: '1', payload: { token: `${alice.accessToken}x` } });
    assert.equal((await forged.closed).code, WS_CLOSE.unauthenticated);
  });

  it('closes malformed (4002), binary (4002), oversized (1009) and flooding (4008) clients; a good one on the same process carries on', async () => {
    const good = await WsTestClient.connect(app.base, { token: alice.accessToken });
    const cases: [string, (client: WsTestClient) => void, number][] = [
      ['not json', (c) => c.send('{"type":'), WS_CLOSE.badFrame],
      ['not a frame', (c) => c.send(JSON.stringify({ payload: 1 })), WS_CLOSE.badFrame],
      ['binary', (c) => c.socket.send(Buffer.from([1, 2, 3]), { binary: true }), WS_CLOSE.badFrame],
      ['oversized', (c) => c.send({ type: 'ping', payload: 'x'.repeat(8192) }), WS_CLOSE.tooLarge],
      [
        'flood',
        (c) => {
          for (let i = 0; i < 200; i += 1) c.send({ type: 'ping', id: String(i) });
        },
        WS_CLOSE.rateLimited,
      ],
    ];
    for (const [what, misbehave, code] of cases) {
      const bad = await WsTestClient.connect(app.base, { token: alice.accessToken });
      misbehave(bad);
      assert.equal((await bad.closed).code, code, what);
      assert.equal((await good.request('ping', undefined, 'pong')).ok, true, `good client after ${what}`);
    }
    await good.close();

    const metrics = await (await fetch(`${app.base}/metrics`)).text();
    for (const series of [
      'polychat_ws_connections_closed_total{code="4002"}',
      'polychat_ws_rejected_total{reason="too_large"}',
      'polychat_ws_connections_closed_total{code="4008"}',
      'polychat_ws_rejected_total{reason="bad_frame"}',
      'polychat_ws_frames_in_total{type="ping"}',
      'polychat_ws_frames_out_total{type="pong"}',
    ]) {
      assert.ok(metrics.includes(series), `/metrics has ${series}`);
    }
  });

  it('drops a connection that stops answering pings', async () => {
    const dead = await WsTestClient.connect(app.base, { token: alice.accessToken, autoPong: false });
    // No pong and no frames: the second heartbeat finds it silent and terminates it (1006 to the client).
    assert.equal((await dead.closed).code, 1006);
  });

  it('closes a reader that lets its outgoing buffer grow past the bound (4009) while others are served', async () => {
    const bob = await registerUser(app);
    const good = await WsTestClient.connect(app.base, { token: bob.accessToken });
    const slow = await WsTestClient.connect(app.base, { token: alice.accessToken });
    const rawSocket = (slow.socket as unknown as { _socket: { pause(): void } })._socket;
    rawSocket.pause(); // stop reading: the server's writes pile up in its buffer
    const fanout = app.booted.container.get<LiveFanout>(LIVE_FANOUT);
    const big = 'y'.repeat(16 * 1024);
    for (let i = 0; i < 1500; i += 1) await fanout.toUsers([alice.id], { type: 'test.fill', payload: big });
    (rawSocket as unknown as { resume(): void }).resume();
    const { code } = await slow.closed;
    assert.ok(code === WS_CLOSE.tooSlow || code === 1006, `closed with ${code}`);
    assert.equal((await good.request('ping', undefined, 'pong')).ok, true);
    assert.ok(slow.ofType('test.fill').length < 1500, 'the slow reader did not get everything queued');
    await good.close();
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { spawnApi } from '../../testing/process';
import { WsTestClient, type Frame } from '../../testing/ws';
import { startFriendsApp, type FriendsApp, type GraphUser } from '../../testing/friends';
import type { Presence } from './domain/presence';

const TTL_MS = 1500;
const isPresence = (userId: string, status: string) => (frame: Frame) =>
  frame.type === 'presence.updated' &&
  (frame.payload as Presence).userId === userId &&
  (frame.payload as Presence).status === status;

describe('presence (integration)', function () {
  this.timeout(120_000);
  let fx: FriendsApp;
  let alice: GraphUser, bob: GraphUser, carol: GraphUser;

  before(async () => {
    fx = await startFriendsApp(testConfig({ PRESENCE_TTL_MS: String(TTL_MS), PRESENCE_SWEEP_MS: '200' }));
    [alice, bob, carol] = [await fx.user('Alice'), await fx.user('Bob'), await fx.user('Carol')];
    await fx.befriend(alice, bob); // carol is nobody's friend
  });
  after(() => fx.stop());

  const presenceOf = async (user: GraphUser, viewer: GraphUser = bob): Promise<Presence> => {
    const res = await fx.app.request<{ presence: Presence[] }>('GET', `/v1/presence?userIds=${user.id}`, {
      token: viewer.accessToken,
    });
    assert.equal(res.status, 200);
    return res.body.presence[0] as Presence;
  };

  it('shows presence to friends and chat co-members only: to anyone else a user reads offline, never seen', async () => {
    const phone = await WsTestClient.connect(fx.app.base, { token: alice.accessToken });
    try {
      assert.equal((await presenceOf(alice, bob)).status, 'online', 'a friend sees it');
      assert.deepEqual(await presenceOf(alice, carol), { userId: alice.id, status: 'offline', lastSeenAt: null });
      const group = await fx.app.request('POST', '/v1/chats', {
        token: carol.accessToken,
        body: { type: 'group', title: 'together', memberIds: [alice.id] },
      });
      assert.equal(group.status, 201);
      // The local MongoDB-protocol server may answer the membership query from a snapshot a moment old.
      await eventually(
        'a chat co-member sees it',
        () => presenceOf(alice, carol),
        (p) => p.status === 'online',
        5000,
      );
    } finally {
      await phone.close();
    }
    await eventually(
      'alice offline again',
      () => presenceOf(alice),
      (p) => p.status === 'offline',
      10_000,
    );
  });

  it('is online while any device is, away while all are, offline after the last one leaves; friends hear each change', async () => {
    const bobWs = await WsTestClient.connect(fx.app.base, { token: bob.accessToken });
    const carolWs = await WsTestClient.connect(fx.app.base, { token: carol.accessToken });
    assert.equal((await presenceOf(alice)).status, 'offline');

    const phone = await WsTestClient.connect(fx.app.base, { token: alice.accessToken });
    await bobWs.next(isPresence(alice.id, 'online'), 'alice online');
    assert.equal((await presenceOf(alice)).status, 'online');
    const laptop = await WsTestClient.connect(fx.app.base, { token: alice.accessToken });

    assert.equal((await phone.request('presence', { status: 'away' })).ok, true);
    assert.equal((await presenceOf(alice)).status, 'online', 'the laptop is still online');
    assert.equal((await laptop.request('presence', { status: 'away' })).ok, true);
    await bobWs.next(isPresence(alice.id, 'away'), 'alice away');
    assert.equal((await presenceOf(alice)).status, 'away');
    assert.equal((await laptop.request('presence', { status: 'online' })).ok, true);
    await bobWs.next(
      (f) => isPresence(alice.id, 'online')(f) && bobWs.ofType('presence.updated').length >= 3,
      'alice back',
    );

    await phone.close();
    assert.equal((await presenceOf(alice)).status, 'online', 'one device left');
    await laptop.close();
    await bobWs.next(isPresence(alice.id, 'offline'), 'alice offline');
    const offline = await presenceOf(alice);
    assert.equal(offline.status, 'offline');
    assert.ok(offline.lastSeenAt && Date.now() - Date.parse(offline.lastSeenAt) < 10_000, 'lastSeenAt is recent');

    assert.deepEqual(
      bobWs.ofType<Presence>('presence.updated').map((p) => p.status),
      ['online', 'away', 'online', 'offline'],
      'one frame per transition, none for changes that kept the status',
    );
    assert.equal(carolWs.ofType('presence.updated').length, 0, 'a non-friend hears nothing');
    const badAck = await bobWs.request('presence', { status: 'invisible' });
    assert.equal(badAck.error?.code, 'VALIDATION.FAILED');
    await bobWs.close();
    await carolWs.close();
  });

  it('turns the users of a kill -9ed api process offline within the TTL', async () => {
    const other = await spawnApi(fx.app.booted.config, {
      PRESENCE_TTL_MS: String(TTL_MS),
      PRESENCE_SWEEP_MS: '200',
    });
    try {
      const bobWs = await WsTestClient.connect(fx.app.base, { token: bob.accessToken });
      const aliceWs = await WsTestClient.connect(other.base, { token: alice.accessToken });
      await bobWs.next(isPresence(alice.id, 'online'), 'alice online on the other process');
      other.child.kill('SIGKILL');
      await other.exited;
      const killedAt = Date.now();
      await bobWs.next(isPresence(alice.id, 'offline'), 'alice offline after the kill', TTL_MS + 5_000);
      const took = Date.now() - killedAt;
      assert.ok(took <= TTL_MS + 1_000, `offline after ${took} ms (TTL ${TTL_MS} ms)`);
      assert.equal((await presenceOf(alice)).status, 'offline');
      await aliceWs.closed;
      await bobWs.close();
    } finally {
      if (other.child.exitCode === null) other.child.kill('SIGKILL');
    }
  });

  it('answers bad presence queries with 422 naming userIds', async () => {
    for (const query of [
      '',
      '?userIds=',
      '?userIds=not-a-uuid',
      `?userIds=${Array.from({ length: 201 }, () => randomUUID()).join(',')}`,
    ]) {
      const res = await fx.app.request<{ error: { code: string; details?: { fields?: { field: string }[] } } }>(
        'GET',
        `/v1/presence${query}`,
        { token: carol.accessToken },
      );
      assert.ok(res.status >= 400 && res.status < 500, `${query}: ${res.status}`);
      assert.equal(res.body.error.details?.fields?.[0]?.field.split('.')[0], 'userIds', query);
    }
    const anonymous = await fx.app.request('GET', `/v1/presence?userIds=${alice.id}`);
    assert.equal(anonymous.status, 401);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../config';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { chatUsers, groupChat, type ChatJson, type MessageJson } from '../../testing/chats';
import { cliEnv, runCli } from '../../testing/cli';
import { testConfig } from '../../testing/config';
import { waitForGroupAtEnd } from '../../testing/kafka';
import type { RegisteredUser } from '../../testing/users';
import { WsTestClient } from '../../testing/ws';
import { SetUserRole } from '../users';
import { MESSAGES_TOPIC } from '../chats';

const SPAM =
  'FREE money!!! Click here to claim your cash prize now, limited time offer, order today, 100% guaranteed, remove me from your mailing list';
const SPAMMY = 'Earn $5000 per week from home! Click the link to join our program today';
const NORMAL = 'thanks, the build is green again';
const ABUSIVE = 'shut up, you stupid moron';

interface Entry {
  id: string;
  messageId: string;
  text: string;
  verdict: string;
  status: string;
  models: string[];
  reasons: string[];
}
type Held = MessageJson & { held?: boolean };

/**
 * A models dir of the test's own: the shipped current spam version as v1 and an "everything is
 * spam" v2; the shipped current abuse version as v1.
 */
async function modelsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'polychat-moderation-'));
  const shipped = path.join(repoRoot, 'data', 'models', 'spam');
  const version = (await readFile(path.join(shipped, 'CURRENT'), 'utf8')).trim();
  await cp(path.join(shipped, version), path.join(dir, 'spam', 'v1'), { recursive: true });
  await cp(path.join(shipped, version), path.join(dir, 'spam', 'v2'), { recursive: true });
  const model = JSON.parse(await readFile(path.join(dir, 'spam', 'v1', 'model.json'), 'utf8')) as object;
  await writeFile(path.join(dir, 'spam', 'v1', 'model.json'), JSON.stringify({ ...model, version: 'v1' }));
  await writeFile(
    path.join(dir, 'spam', 'v2', 'model.json'),
    JSON.stringify({ ...model, version: 'v2', intercept: 40 }),
  );
  await writeFile(path.join(dir, 'spam', 'CURRENT'), 'v1\n');
  const abuse = path.join(repoRoot, 'data', 'models', 'abuse');
  const abuseVersion = (await readFile(path.join(abuse, 'CURRENT'), 'utf8')).trim();
  await cp(path.join(abuse, abuseVersion), path.join(dir, 'abuse', 'v1'), { recursive: true });
  const abuseModel = JSON.parse(await readFile(path.join(dir, 'abuse', 'v1', 'model.json'), 'utf8')) as object;
  await writeFile(path.join(dir, 'abuse', 'v1', 'model.json'), JSON.stringify({ ...abuseModel, version: 'v1' }));
  await writeFile(path.join(dir, 'abuse', 'CURRENT'), 'v1\n');
  return dir;
}

describe('moderation (integration)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let dir: string;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let adminToken: string;
  let chat: ChatJson;
  let bobWs: WsTestClient;

  const send = (body: string, token = alice.accessToken, chatId = chat.id) =>
    app.request<Held>('POST', `/v1/chats/${chatId}/messages`, {
      token,
      body: { body, clientMsgId: `m-${Math.random().toString(36).slice(2)}` },
    });
  const admin = <T>(method: string, url: string, body?: unknown) =>
    app.request<T>(method, url, { token: adminToken, ...(body !== undefined ? { body } : {}) });
  const history = async (token: string) =>
    (await app.request<{ items: Held[] }>('GET', `/v1/chats/${chat.id}/messages?limit=50`, { token })).body.items;
  const queued = (messageId: string) =>
    eventually(
      `review entry of ${messageId}`,
      async () => (await admin<{ items: Entry[] }>('GET', '/v1/moderation/queue?limit=100')).body.items,
      (items) => items.some((entry) => entry.messageId === messageId),
    ).then((items) => items.find((entry) => entry.messageId === messageId)!);

  before(async () => {
    dir = await modelsDir();
    app = await startTestApp({
      config: testConfig({ ML_MODELS_DIR: dir, ML_RELOAD_MS: '100', MODERATION_POLICY: 'hold' }),
    });
    const [a, b, c] = await chatUsers(app, 3);
    alice = a!;
    bob = b!;
    await app.booted.container.get(SetUserRole).execute(c!.username, 'admin', { actorId: null, traceId: null });
    const login = await app.request<{ accessToken: string }>('POST', '/v1/auth/login', {
      body: { username: c!.username, password: c!.password },
    });
    adminToken = login.body.accessToken;
    chat = await groupChat(app, alice, [bob]);
    bobWs = await WsTestClient.connect(app.base, { token: bob.accessToken });
  });
  after(async () => {
    bobWs?.socket.close();
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('classifies for admins only, with the scores and the model version', async () => {
    const forbidden = await app.request('POST', '/v1/moderation/classify', {
      token: bob.accessToken,
      body: { text: SPAM },
    });
    assert.equal(forbidden.status, 403);
    const spam = await admin<{ scores: { spam: number }; models: { version: string }[]; verdict: string }>(
      'POST',
      '/v1/moderation/classify',
      { text: SPAM },
    );
    assert.equal(spam.status, 200);
    assert.ok(spam.body.scores.spam > 0.99);
    assert.equal(spam.body.models[0]?.version, 'v1');
    assert.equal(spam.body.verdict, 'hold');
    const normal = await admin<{ verdict: string }>('POST', '/v1/moderation/classify', { text: NORMAL });
    assert.equal(normal.body.verdict, 'allow');
    const empty = await admin<{ error: { code: string } }>('POST', '/v1/moderation/classify', { text: '' });
    assert.equal(empty.status, 422);
  });

  it('leaves a normal message untouched', async () => {
    const sent = await send(NORMAL);
    assert.equal(sent.status, 201);
    assert.equal(sent.body.body, NORMAL);
    assert.equal(sent.body.held, undefined);
    const frame = await bobWs.next(
      (f) => f.type === 'message.new' && (f.payload as Held).id === sent.body.id,
      'message.new',
    );
    assert.equal((frame.payload as Held).body, NORMAL);
  });

  it('holds a spammy message from the other members until an admin approves it, then delivers it', async () => {
    const sent = await send(SPAM);
    assert.equal(sent.status, 201);
    assert.equal(sent.body.held, true);
    assert.equal(sent.body.body, null);
    const frame = await bobWs.next(
      (f) => f.type === 'message.new' && (f.payload as Held).id === sent.body.id,
      'held message.new',
    );
    assert.deepEqual([(frame.payload as Held).body, (frame.payload as Held).held], [null, true]);
    const seen = (await history(bob.accessToken)).find((m) => m.id === sent.body.id);
    assert.deepEqual([seen?.body, seen?.held], [null, true], 'members see it as held, without its body');

    const entry = await queued(sent.body.id);
    assert.deepEqual(
      [entry.verdict, entry.status, entry.text, entry.models, entry.reasons],
      ['hold', 'pending', SPAM, ['spam/v1', 'abuse/v1'], ['spam']],
    );
    assert.equal(
      (await app.request('POST', `/v1/moderation/queue/${entry.id}/approve`, { token: bob.accessToken })).status,
      403,
    );

    const approved = await admin<Entry>('POST', `/v1/moderation/queue/${entry.id}/approve`);
    assert.equal(approved.status, 200);
    assert.equal(approved.body.status, 'approved');
    const updated = await bobWs.next(
      (f) => f.type === 'message.updated' && (f.payload as Held).id === sent.body.id,
      'released message.updated',
    );
    assert.equal((updated.payload as Held).body, SPAM);
    const after = (await history(bob.accessToken)).find((m) => m.id === sent.body.id);
    assert.deepEqual([after?.body, after?.held], [SPAM, undefined]);
    const again = await admin<{ error: { code: string } }>('POST', `/v1/moderation/queue/${entry.id}/approve`);
    assert.deepEqual([again.status, again.body.error.code], [409, 'MODERATION.CONFLICT']);
  });

  it('notifies on approval, as the send would have: a held direct message tells nobody until then', async () => {
    const [dana] = await chatUsers(app, 1); // never connected: offline, so a direct message notifies
    const direct = await app.request<{ id: string }>('POST', '/v1/chats', {
      token: alice.accessToken,
      body: { type: 'direct', userId: dana!.id },
    });
    assert.equal(direct.status, 201);
    const notifications = async () =>
      (
        await app.request<{ items: { kind: string; messageId: string; preview: string; actorId: string }[] }>(
          'GET',
          '/v1/notifications',
          { token: dana!.accessToken },
        )
      ).body.items;
    const sent = await send(SPAM, alice.accessToken, direct.body.id);
    assert.equal(sent.body.held, true);
    const entry = await queued(sent.body.id);
    await waitForGroupAtEnd(app.booted, {
      handler: 'notifications.message-sent',
      topic: MESSAGES_TOPIC,
      event: (e) => (e.payload as { messageId?: string }).messageId === sent.body.id,
    });
    assert.deepEqual(await notifications(), [], 'held: nobody is told');

    assert.equal((await admin('POST', `/v1/moderation/queue/${entry.id}/approve`)).status, 200);
    const [told] = await eventually('the notification of the released message', notifications, (items) =>
      items.some((n) => n.messageId === sent.body.id),
    );
    assert.deepEqual(
      [told?.kind, told?.actorId, told?.preview],
      ['direct_message', alice.id, SPAM.slice(0, told?.preview.length ?? 0)],
    );
    assert.ok((told?.preview.length ?? 0) > 0, 'with the released text');
  });

  it('scores abuse beside spam: an abusive message is held with reason abuse', async () => {
    const classified = await admin<{ scores: Record<string, number>; reasons: string[]; verdict: string }>(
      'POST',
      '/v1/moderation/classify',
      { text: ABUSIVE },
    );
    assert.ok((classified.body.scores['abuse'] ?? 0) > 0.999, JSON.stringify(classified.body));
    assert.deepEqual([classified.body.verdict, classified.body.reasons], ['hold', ['abuse']]);
    const sent = await send(ABUSIVE);
    assert.deepEqual([sent.body.body, sent.body.held], [null, true]);
    const entry = await queued(sent.body.id);
    assert.deepEqual([entry.verdict, entry.reasons, entry.models], ['hold', ['abuse'], ['spam/v1', 'abuse/v1']]);
    const rejected = await admin<Entry>('POST', `/v1/moderation/queue/${entry.id}/reject`);
    assert.equal(rejected.body.status, 'rejected');
  });

  it('flags a suspicious message (delivered) and a reject removes it', async () => {
    const sent = await send(SPAMMY);
    assert.equal(sent.status, 201);
    assert.equal(sent.body.body, SPAMMY, 'a flagged message is delivered');
    const entry = await queued(sent.body.id);
    assert.deepEqual([entry.verdict, entry.reasons], ['flag', ['spam']]);
    const rejected = await admin<Entry>('POST', `/v1/moderation/queue/${entry.id}/reject`);
    assert.equal(rejected.body.status, 'rejected');
    const gone = (await history(bob.accessToken)).find((m) => m.id === sent.body.id);
    assert.ok(gone?.deletedAt, 'rejected: a tombstone');
  });

  it('screens edits too: an edit to spam is held', async () => {
    const sent = await send(NORMAL);
    const edited = await app.request<Held>('PATCH', `/v1/chats/${chat.id}/messages/${sent.body.id}`, {
      token: alice.accessToken,
      body: { body: SPAM },
    });
    assert.equal(edited.status, 200);
    assert.deepEqual([edited.body.body, edited.body.held], [null, true]);
    const entry = await queued(sent.body.id);
    assert.deepEqual([entry.verdict, entry.text], ['hold', SPAM]);

    // Edited again to something allowed, it is no longer held; the entry can still be decided.
    const fixed = await app.request<Held>('PATCH', `/v1/chats/${chat.id}/messages/${sent.body.id}`, {
      token: alice.accessToken,
      body: { body: NORMAL },
    });
    assert.deepEqual([fixed.body.body, fixed.body.held], [NORMAL, undefined]);
    const approved = await admin<Entry>('POST', `/v1/moderation/queue/${entry.id}/approve`);
    assert.deepEqual([approved.status, approved.body.status], [200, 'approved']);
    const now = (await history(bob.accessToken)).find((m) => m.id === sent.body.id);
    assert.equal(now?.body, NORMAL, 'the approval released nothing over the newer text');
  });

  it('applies a chat override set by an admin', async () => {
    const set = await admin<{ mode: string; override: string | null }>(
      'PUT',
      `/v1/moderation/chats/${chat.id}/policy`,
      {
        mode: 'off',
      },
    );
    assert.deepEqual(set.body, { chatId: chat.id, mode: 'off', override: 'off' });
    const sent = await send(SPAM);
    assert.equal(sent.body.body, SPAM, 'moderation off in this chat');
    const cleared = await admin<{ mode: string }>('PUT', `/v1/moderation/chats/${chat.id}/policy`, { mode: null });
    assert.equal(cleared.body.mode, 'hold');
    assert.equal((await send(SPAM)).body.held, true);
  });

  it("lets the chat's owners and admins set its policy; another member gets 403, a non-member 404", async () => {
    const url = `/v1/moderation/chats/${chat.id}/policy`;
    // The roles reach moderation through the chat events: alice (owner) may once they are there.
    const owner = await eventually(
      "the owner's role in moderation",
      () => app.request<{ mode: string }>('PUT', url, { token: alice.accessToken, body: { mode: 'flag' } }),
      (res) => res.status === 200,
    );
    assert.deepEqual(owner.body, { chatId: chat.id, mode: 'flag', override: 'flag' });
    const member = await app.request<{ error: { code: string } }>('PUT', url, {
      token: bob.accessToken,
      body: { mode: 'off' },
    });
    assert.deepEqual([member.status, member.body.error.code], [403, 'MODERATION.FORBIDDEN']);
    const [carol] = await chatUsers(app, 1);
    const outsider = await app.request<{ error: { code: string } }>('GET', url, { token: carol!.accessToken });
    assert.deepEqual([outsider.status, outsider.body.error.code], [404, 'CHAT.NOT_FOUND']);
    const missing = await app.request('GET', `/v1/moderation/chats/${randomUUID()}/policy`, { token: bob.accessToken });
    assert.equal(missing.status, 404, 'no such chat: the same answer');

    // Made an admin of the chat, bob may.
    const promoted = await app.request('PATCH', `/v1/chats/${chat.id}/members/${bob.id}`, {
      token: alice.accessToken,
      body: { role: 'admin' },
    });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    const asAdmin = await eventually(
      "bob's new role in moderation",
      () => app.request<{ mode: string }>('PUT', url, { token: bob.accessToken, body: { mode: null } }),
      (res) => res.status === 200,
    );
    assert.equal(asAdmin.body.mode, 'hold', 'the override removed: the deployment policy');
    assert.equal((await send(SPAM)).body.held, true);
  });

  it('counts verdicts and inference latency per model version in /metrics', async () => {
    const metrics = await fetch(`${app.base}/metrics`).then((res) => res.text());
    assert.match(metrics, /polychat_moderation_verdicts_total\{model="spam\/v1",verdict="hold"\} [1-9]/);
    assert.match(metrics, /polychat_moderation_verdicts_total\{model="spam\/v1",verdict="allow"\} [1-9]/);
    assert.match(metrics, /polychat_moderation_inference_seconds_count\{model="spam\/v1"\} [1-9]/);
    assert.match(metrics, /polychat_moderation_verdicts_total\{model="abuse\/v1",verdict="hold"\} [1-9]/);
  });

  it('picks up a newly promoted version live, without a restart', async () => {
    const promoted = await runCli(cliEnv(app.booted.config, { ML_MODELS_DIR: dir }), ['ml', 'promote', 'spam', 'v2']);
    assert.equal(promoted.code, 0, promoted.stderr);
    await eventually(
      'the api to score with v2',
      async () =>
        (await admin<{ models: { version: string }[] }>('POST', '/v1/moderation/classify', { text: NORMAL })).body,
      (body) => body.models[0]?.version === 'v2',
    );
    const sent = await send(NORMAL);
    assert.equal(sent.body.held, true, 'v2 (everything is spam) now screens sends');
    assert.deepEqual((await queued(sent.body.id)).models, ['spam/v2', 'abuse/v1']);
  });
});

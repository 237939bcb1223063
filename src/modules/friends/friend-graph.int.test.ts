import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createEnvelope, EVENT_PUBLISHER, type EventEnvelope, type EventPublisher } from '../../platform/kafka';
import { eventually } from '../../testing/app';
import { testConfig } from '../../testing/config';
import { CHATS_TOPIC, ChatEventTypes } from '../chats';
import { ProjectChatMembershipOnChatEvents } from './entry-points/project-chat-membership-on-chat-events';
import { fieldsOf, startFriendsApp, type ErrorBody, type FriendsApp, type GraphUser } from '../../testing/friends';

interface Summary {
  id: string;
  username: string;
  displayName: string;
}
interface SuggestionBody {
  user: Summary;
  mutualCount: number;
  mutualNames: string[];
  sharedChats: number;
  score: number;
}

/**
 * A hand-made graph. Me's friends F1, F2, F3. Friends of friends: X (via F1, F2, F3), Y (F1, F2),
 * Z (F2), W (F3), S1 (friend of X), S2 (friend of S1); V, U, B, C are friends of friends that
 * must not be suggested (pending request either way, blocked either way). Group chats: g1 {Me, W,
 * Z, P, a user not in the graph yet}, g2 {Me, W}; a direct chat {Me, Q}. Loner has no friends.
 */
describe('mutual friends, suggestions and paths (integration)', function () {
  this.timeout(180_000);
  let f: FriendsApp;
  let noModels: string;
  const u: Record<string, GraphUser> = {};
  const chats: string[] = [];
  const names = ['Me', 'F1', 'F2', 'F3', 'X', 'Y', 'Z', 'W', 'S1', 'S2', 'V', 'U', 'B', 'C', 'P', 'Q', 'Loner'];
  const chat = (chatId: string, version: number, type: string, payload: unknown): EventEnvelope =>
    createEnvelope({ type, aggregateId: chatId, version, payload });
  const members = (...who: string[]) => who.map((name) => ({ userId: u[name]?.id ?? name, role: 'member' }));

  before(async () => {
    // No links model: this suite pins the formula (link-suggestions.int.test.ts covers the model).
    noModels = await mkdtemp(path.join(os.tmpdir(), 'polychat-no-models-'));
    f = await startFriendsApp(testConfig({ ML_MODELS_DIR: noModels }));
    for (const name of names) u[name] = await f.user(name);
    const pairs = 'Me-F1 Me-F2 Me-F3 F1-X F2-X F3-X F1-Y F2-Y F2-Z F3-W X-S1 S1-S2 F1-V F2-U F1-B F3-C';
    for (const pair of pairs.split(' ')) {
      const [a, b] = pair.split('-') as [string, string];
      await f.befriend(u[a]!, u[b]!);
    }
    assert.equal((await f.call(u['Me']!, 'POST', '/v1/friends/requests', { userId: u['V']!.id })).status, 201);
    assert.equal((await f.call(u['U']!, 'POST', '/v1/friends/requests', { userId: u['Me']!.id })).status, 201);
    assert.equal((await f.call(u['Me']!, 'POST', `/v1/blocks/${u['B']!.id}`)).status, 201);
    assert.equal((await f.call(u['C']!, 'POST', `/v1/blocks/${u['Me']!.id}`)).status, 201);

    // Chat membership arrives as chat events through Kafka, like the chats module will send them.
    const [g1, g2, direct] = [randomUUID(), randomUUID(), randomUUID()];
    chats.push(g1, g2, direct);
    const publisher = f.app.booted.container.get<EventPublisher>(EVENT_PUBLISHER);
    const events = [
      chat(g1, 1, ChatEventTypes.created, { chatType: 'group', title: 'g1', members: members('Me', 'W', 'Z') }),
      chat(g1, 2, ChatEventTypes.membersAdded, { userIds: [u['P']!.id, randomUUID()] }),
      chat(g2, 1, ChatEventTypes.created, { chatType: 'group', title: 'g2', members: members('Me', 'W') }),
      chat(direct, 1, ChatEventTypes.created, { chatType: 'direct', title: null, members: members('Me', 'Q') }),
    ];
    await publisher.publish(
      CHATS_TOPIC,
      events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
    await eventually(
      'the chat memberships',
      async () =>
        (
          await f.neo4j.executeQuery(
            'MATCH (:User {id: $me})-[:MEMBER_OF]->(c:Chat) WHERE c.id IN $chats RETURN count(c) AS n',
            { me: u['Me']!.id, chats: [g1, g2, direct] },
          )
        ).records[0]?.get('n') as number,
      (n) => n === 3,
      30_000,
    );
    await eventually(
      'the members added later',
      async () =>
        (
          await f.neo4j.executeQuery('MATCH (:User)-[m:MEMBER_OF]->(:Chat {id: $g1}) RETURN count(m) AS n', { g1 })
        ).records[0]?.get('n') as number,
      (n) => n === 5,
    );
  });
  after(async () => {
    await f.neo4j.executeQuery(
      `MATCH (c:Chat) WHERE c.id IN $chats
       OPTIONAL MATCH (placeholder:User)-[:MEMBER_OF]->(c) WHERE placeholder.version IS NULL
       DETACH DELETE placeholder, c`,
      { chats },
    );
    await f.stop();
    await rm(noModels, { recursive: true, force: true });
  });

  it('ranks friends of friends by mutual friends plus shared group chats, with the reasons, and leaves out the excluded', async () => {
    const res = await f.call<{ items: SuggestionBody[]; ranker: string }>(u['Me']!, 'GET', '/v1/friends/suggestions');
    assert.equal(res.status, 200);
    assert.equal(res.body.ranker, 'formula');
    const got = res.body.items.map((s) => [s.user.displayName, s.mutualCount, s.sharedChats, s.score]);
    assert.deepEqual(got, [
      ['X', 3, 0, 3],
      ['Y', 2, 0, 2],
      ['W', 1, 2, 2],
      ['Z', 1, 1, 1.5],
      ['P', 0, 1, 0.5],
    ]);
    const byUsername = (...who: string[]) =>
      who.sort((a, b) => u[a]!.username.toLowerCase().localeCompare(u[b]!.username.toLowerCase()));
    const x = res.body.items[0]!;
    assert.deepEqual(x.mutualNames, byUsername('F1', 'F2', 'F3'));
    assert.deepEqual(res.body.items[1]!.mutualNames, byUsername('F1', 'F2'));
    assert.deepEqual(res.body.items[2]!.mutualNames, ['F3']);
    assert.deepEqual(x.user, { id: u['X']!.id, username: u['X']!.username, displayName: 'X' });
    const two = await f.call<{ items: SuggestionBody[] }>(u['Me']!, 'GET', '/v1/friends/suggestions?limit=2');
    assert.deepEqual(
      two.body.items.map((s) => s.user.displayName),
      ['X', 'Y'],
    );
    const bad = await f.call<ErrorBody>(u['Me']!, 'GET', '/v1/friends/suggestions?limit=51');
    assert.deepEqual(fieldsOf(bad), ['limit']);
  });

  it('lists mutual friends by username, page by page', async () => {
    const expected = ['F1', 'F2', 'F3']
      .map((name) => u[name]!)
      .sort((a, b) => a.username.localeCompare(b.username))
      .map((user) => user.id);
    const first = await f.call<{ items: Summary[]; nextCursor: string }>(
      u['Me']!,
      'GET',
      `/v1/friends/${u['X']!.id}/mutual?limit=2`,
    );
    assert.equal(first.status, 200);
    const rest = await f.call<{ items: Summary[]; nextCursor: string | null }>(
      u['Me']!,
      'GET',
      `/v1/friends/${u['X']!.id}/mutual?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    assert.deepEqual(
      [...first.body.items, ...rest.body.items].map((user) => user.id),
      expected,
    );
    assert.equal(rest.body.nextCursor, null);
    const withW = await f.call<{ items: Summary[] }>(u['Me']!, 'GET', `/v1/friends/${u['W']!.id}/mutual`);
    assert.deepEqual(
      withW.body.items.map((user) => user.displayName),
      ['F3'],
    );
    const none = await f.call<{ items: Summary[] }>(u['Me']!, 'GET', `/v1/friends/${u['Loner']!.id}/mutual`);
    assert.deepEqual(none.body.items, []);
    const self = await f.call<ErrorBody>(u['Me']!, 'GET', `/v1/friends/${u['Me']!.id}/mutual`);
    assert.deepEqual([self.status, fieldsOf(self)], [422, ['userId']]);
    const unknown = await f.call<ErrorBody>(u['Me']!, 'GET', `/v1/friends/${randomUUID()}/mutual`);
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'USER.NOT_FOUND']);
  });

  it('finds a shortest friendship path within maxDepth, and none beyond it or without a chain', async () => {
    type PathBody = { path: Summary[] | null; degrees: number | null };
    const path = (to: string, query = '') => f.call<PathBody>(u['Me']!, 'GET', `/v1/friends/path/${u[to]!.id}${query}`);
    const toS2 = await path('S2');
    assert.equal(toS2.status, 200);
    assert.equal(toS2.body.degrees, 4);
    const ids = toS2.body.path!.map((user) => user.id);
    assert.deepEqual([ids[0], ids[2], ids[3], ids[4]], [u['Me']!.id, u['X']!.id, u['S1']!.id, u['S2']!.id]);
    assert.ok(
      ['F1', 'F2', 'F3'].some((name) => u[name]!.id === ids[1]),
      'through one of my friends',
    );
    assert.deepEqual((await path('S2', '?maxDepth=3')).body, { path: null, degrees: null });
    assert.equal((await path('S1', '?maxDepth=3')).body.degrees, 3);
    assert.equal((await path('F2')).body.degrees, 1);
    assert.deepEqual((await path('Loner', '?maxDepth=6')).body, { path: null, degrees: null });
    assert.deepEqual((await path('Me')).body.degrees, 0);
    for (const query of ['?maxDepth=7', '?maxDepth=0', '?maxDepth=2.5', '?maxDepth=x']) {
      const bad = await f.call<ErrorBody>(u['Me']!, 'GET', `/v1/friends/path/${u['S2']!.id}${query}`);
      assert.deepEqual([bad.status, fieldsOf(bad)], [422, ['maxDepth']], query);
    }
    const unknown = await f.call<ErrorBody>(u['Me']!, 'GET', `/v1/friends/path/${randomUUID()}`);
    assert.equal(unknown.status, 404);
  });

  it('applies chat events idempotently by the chat version: redelivered and older ones change nothing', async () => {
    const handler = f.app.booted.container.get(ProjectChatMembershipOnChatEvents);
    const chatId = randomUUID();
    const v1 = chat(chatId, 1, ChatEventTypes.created, { chatType: 'group', title: 't', members: members('Y', 'Z') });
    const v2 = chat(chatId, 2, ChatEventTypes.membersAdded, { userIds: [u['Q']!.id] });
    const v3 = chat(chatId, 3, ChatEventTypes.memberRemoved, { userId: u['Z']!.id, reason: 'left' });
    for (const event of [v1, v2, v3, v2, v1, v3]) await handler.handle(event);
    const { records } = await f.neo4j.executeQuery(
      'MATCH (u:User)-[:MEMBER_OF]->(c:Chat {id: $chatId}) RETURN c.version AS version, c.type AS type, u.id AS id ORDER BY id',
      { chatId },
    );
    assert.deepEqual(
      records.map((record) => [
        record.get('id') as string,
        record.get('version') as number,
        record.get('type') as string,
      ]),
      [u['Q']!.id, u['Y']!.id].sort().map((id) => [id, 3, 'group']),
    );
    await f.neo4j.executeQuery('MATCH (c:Chat {id: $chatId}) DETACH DELETE c', { chatId });
  });
});

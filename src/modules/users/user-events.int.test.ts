import assert from 'node:assert/strict';
import type { Driver } from 'neo4j-driver';
import type { Pool } from 'pg';
import { stackPaths } from '../../../scripts/stack/paths';
import { downServer, upServer } from '../../../scripts/stack/runner';
import { kafka as kafkaServer } from '../../../scripts/stack/servers/kafka';
import { NEO4J_DRIVER } from '../../platform/neo4j';
import { PG_POOL } from '../../platform/postgres';
import { eventually, startTestApp, type TestApp } from '../../testing/app';
import { registerUser, type RegisteredUser } from '../../testing/users';
import { MongoUserProfiles, ProjectUserProfileOnUserEvents } from '../chats';
import { ProjectUserToGraphOnUserEvents } from '../friends';
import { createEnvelope } from '../../platform/kafka';

/** user.* events: outbox -> Kafka -> idempotent projections into Neo4j and MongoDB. */
describe('user events reach the projections (integration)', function () {
  this.timeout(180_000);
  let app: TestApp;
  let neo4j: Driver;
  let profiles: MongoUserProfiles;

  const graphNodes = async (id: string) =>
    (
      await neo4j.executeQuery('MATCH (u:User {id: $id}) RETURN u.username AS username, u.displayName AS displayName', {
        id,
      })
    ).records.map((record) => ({
      username: record.get('username') as string,
      displayName: record.get('displayName') as string,
    }));
  const profile = (id: string) => profiles.model.findById(id).lean();

  before(async () => {
    app = await startTestApp();
    neo4j = app.booted.container.get<Driver>(NEO4J_DRIVER);
    profiles = app.booted.container.get(MongoUserProfiles);
  });
  after(() => app.stop());

  it('projects a registered user into Neo4j and MongoDB within seconds, and follows updates', async () => {
    const user = await registerUser(app, { displayName: 'Ada' });
    await eventually(
      'the graph node',
      () => graphNodes(user.id),
      (nodes) => nodes.length === 1,
      10_000,
    );
    await eventually(
      'the profile',
      () => profile(user.id),
      (doc) => doc?.username === user.username,
      10_000,
    );
    await app.request('PATCH', '/v1/users/me', { token: user.accessToken, body: { displayName: 'Ada L.' } });
    await eventually(
      'the renamed node',
      () => graphNodes(user.id),
      (nodes) => nodes[0]?.displayName === 'Ada L.',
      10_000,
    );
    await eventually(
      'the renamed profile',
      () => profile(user.id),
      (doc) => doc?.displayName === 'Ada L.',
      10_000,
    );
  });

  it('applies a redelivered or older event as a no-op', async () => {
    const user = await registerUser(app, { displayName: 'Grace' });
    await app.request('PATCH', '/v1/users/me', { token: user.accessToken, body: { displayName: 'Grace H.' } });
    await eventually(
      'version 2 in the graph',
      () => graphNodes(user.id),
      (nodes) => nodes[0]?.displayName === 'Grace H.',
    );
    await eventually(
      'version 2 in mongo',
      () => profile(user.id),
      (doc) => doc?.version === 2,
    );
    const graph = app.booted.container.get(ProjectUserToGraphOnUserEvents);
    const mongo = app.booted.container.get(ProjectUserProfileOnUserEvents);
    const v1 = createEnvelope({
      type: 'user.registered',
      aggregateId: user.id,
      version: 1,
      payload: { username: user.username, displayName: 'Grace' },
    });
    const v2 = createEnvelope({
      type: 'user.updated',
      aggregateId: user.id,
      version: 2,
      payload: { username: user.username, displayName: 'Grace H.' },
    });
    for (const event of [v2, v2, v1]) {
      await graph.handle(event);
      await mongo.handle(event);
    }
    assert.deepEqual(await graphNodes(user.id), [{ username: user.username, displayName: 'Grace H.' }]);
    const doc = await profile(user.id);
    assert.equal(doc?.displayName, 'Grace H.');
    assert.equal(doc?.version, 2);
  });

  it('erases a deleted account from every store, and a late event does not bring it back', async () => {
    const user = await registerUser(app);
    await eventually(
      'the node',
      () => graphNodes(user.id),
      (nodes) => nodes.length === 1,
    );
    assert.equal((await app.request('DELETE', '/v1/users/me', { token: user.accessToken })).status, 204);
    await eventually(
      'the node gone',
      () => graphNodes(user.id),
      (nodes) => nodes.length === 0,
      10_000,
    );
    await eventually(
      'the profile gone',
      () => profile(user.id),
      (doc) => doc?.deletedAt !== undefined && doc.username === undefined,
    );
    const pool = app.booted.container.get<Pool>(PG_POOL);
    const { rows } = await pool.query('SELECT username, email, password_hash, display_name FROM users WHERE id = $1', [
      user.id,
    ]);
    assert.deepEqual(rows, [{ username: null, email: null, password_hash: null, display_name: null }]);
    assert.equal(
      (await app.request('GET', `/v1/users/${user.id}`, { token: (await registerUser(app)).accessToken })).status,
      404,
    );
    assert.equal(
      (await app.request('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status,
      401,
    );
    const login = await app.request('POST', '/v1/auth/login', {
      body: { username: user.username, password: user.password },
    });
    assert.equal(login.status, 401);

    const late = createEnvelope({
      type: 'user.updated',
      aggregateId: user.id,
      version: 1,
      payload: { username: user.username, displayName: 'ghost' },
    });
    await app.booted.container.get(ProjectUserToGraphOnUserEvents).handle(late);
    assert.deepEqual(await graphNodes(user.id), []);
  });

  it('keeps registering while Kafka is down and projects every user exactly once after it returns', async () => {
    const paths = stackPaths();
    const quiet = (): void => undefined;
    const users: RegisteredUser[] = [];
    await downServer(kafkaServer, paths, quiet);
    try {
      for (let i = 0; i < 5; i += 1) users.push(await registerUser(app));
      const pool = app.booted.container.get<Pool>(PG_POOL);
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND message_key = ANY($1)`,
        [users.map((user) => user.id)],
      );
      assert.equal(Number(rows[0]?.n), 5, 'the events wait in the outbox');
    } finally {
      await upServer(kafkaServer, paths, quiet);
    }
    const ids = users.map((user) => user.id);
    const counts = async () =>
      (
        await neo4j.executeQuery('UNWIND $ids AS id OPTIONAL MATCH (u:User {id: id}) RETURN id, count(u) AS n', { ids })
      ).records.map((record) => record.get('n') as number);
    const final = await eventually('all five nodes', counts, (n) => n.every((count) => count === 1), 90_000);
    assert.deepEqual(final, [1, 1, 1, 1, 1]);
    for (const id of ids)
      await eventually(
        `profile ${id}`,
        () => profile(id),
        (doc) => doc !== null,
        30_000,
      );
  });
});

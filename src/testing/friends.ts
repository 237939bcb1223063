import assert from 'node:assert/strict';
import type { Driver } from 'neo4j-driver';
import type { Config } from '../config';
import { KAFKA_PLATFORM, type KafkaPlatform } from '../platform/kafka';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { Neo4jOutboxSource, OutboxRelay } from '../platform/outbox';
import { eventually, startTestApp, type TestApp, type TestResponse } from './app';
import { registerUser, type RegisteredUser } from './users';

/** Shared by the friends, presence and notifications integration suites. */
export interface FriendsApp {
  readonly app: TestApp;
  readonly neo4j: Driver;
  readonly users: GraphUser[];
  /** A registered user whose (:User) node has reached the graph. */
  user(displayName: string): Promise<GraphUser>;
  call<T = Record<string, unknown>>(
    user: GraphUser,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<TestResponse<T>>;
  /** `a` asks, `b` accepts, through the API. */
  befriend(a: GraphUser, b: GraphUser): Promise<void>;
  /** How many FRIENDS_WITH / REQUESTED / BLOCKED edges join the two, either direction. */
  edges(a: GraphUser, b: GraphUser, type: 'FRIENDS_WITH' | 'REQUESTED' | 'BLOCKED'): Promise<number>;
  stop(): Promise<void>;
}

export interface GraphUser extends RegisteredUser {
  readonly displayName: string;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly details?: { readonly fields?: readonly { field: string }[] } };
}

/** The fields a 422 names. */
export const fieldsOf = (res: TestResponse<ErrorBody>): string[] =>
  (res.body.error.details?.fields ?? []).map((field) => field.field);

/**
 * Boots the app (api + worker) against the test namespaces plus a relay of the Neo4j outbox in
 * this run's namespace (bootstrap does not bind one yet). `stop` removes what the suite put in the
 * shared graph.
 */
export async function startFriendsApp(config?: Config): Promise<FriendsApp> {
  const app = await startTestApp(config ? { config } : {});
  const neo4j = app.booted.container.get<Driver>(NEO4J_DRIVER);
  const namespace = app.booted.config.KAFKA_TOPIC_PREFIX;
  const relay = new OutboxRelay(
    new Neo4jOutboxSource(neo4j, app.booted.logger, { namespace }),
    app.booted.container.get<KafkaPlatform>(KAFKA_PLATFORM),
    { batchSize: 100, pollIntervalMs: 200, maxBackoffMs: 1000 },
    app.booted.logger,
  );
  await relay.start();
  const users: GraphUser[] = [];
  const fixture: FriendsApp = {
    app,
    neo4j,
    users,
    async user(displayName) {
      const user = { ...(await registerUser(app, { displayName })), displayName };
      users.push(user);
      await eventually(
        `the graph node of ${displayName}`,
        async () =>
          (
            await neo4j.executeQuery('MATCH (u:User {id: $id}) WHERE u.version IS NOT NULL RETURN count(u) AS n', {
              id: user.id,
            })
          ).records[0]?.get('n') as number,
        (n) => n === 1,
        30_000,
      );
      return user;
    },
    call: (user, method, path, body) => app.request(method, path, { token: user.accessToken, body }),
    async befriend(a, b) {
      const sent = await fixture.call<{ request: { id: string } }>(a, 'POST', '/v1/friends/requests', { userId: b.id });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const accepted = await fixture.call(b, 'POST', `/v1/friends/requests/${sent.body.request.id}/accept`);
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    },
    async edges(a, b, type) {
      const { records } = await neo4j.executeQuery(
        `MATCH (:User {id: $a})-[r:${type}]-(:User {id: $b}) RETURN count(r) AS n`,
        { a: a.id, b: b.id },
      );
      return records[0]?.get('n') as number;
    },
    async stop() {
      await relay.stop();
      const ids = users.map((user) => user.id);
      await neo4j.executeQuery(
        `MATCH (p:FriendPair) WHERE p.lo IN $ids OR p.hi IN $ids DELETE p
         WITH count(*) AS done
         MATCH (u:User) WHERE u.id IN $ids DETACH DELETE u`,
        { ids },
      );
      await neo4j.executeQuery('MATCH (e:OutboxEvent {namespace: $namespace}) DELETE e', { namespace });
      await neo4j.executeQuery('MATCH (l:OutboxLease {name: $name}) DELETE l', { name: `neo4j:${namespace}` });
      await app.stop();
    },
  };
  return fixture;
}

// Shared by the reconcile, backfill and replay integration suites (this file holds no tests).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import type { Pool } from 'pg';
import { MONGO_CONNECTION } from '../../platform/mongo';
import { NEO4J_DRIVER } from '../../platform/neo4j';
import { PG_POOL } from '../../platform/postgres';
import { eventually } from '../../testing/app';
import type { ChatJson, MessageJson } from '../../testing/chats';
import { isolatedTestApp, type IsolatedApp } from '../../testing/isolated-app';
import { registerUser, type RegisteredUser } from '../../testing/users';
import { driftSize, Reconcile, type PairName, type PairOutcome, type ReconcileScope } from './index';

/** The drift of one pair as plain sorted data: ids per kind, stale ones with the fields that differ. */
export interface DriftView {
  missing: string[];
  extra: string[];
  stale: string[];
}

/** An isolated app with a few users, chats, messages and friendships made through the API. */
export class ReconcileWorld {
  readonly users: RegisteredUser[] = [];
  readonly chats: string[] = [];
  /** Ids that exist in no owner store, added to the scope so reconcile looks at them. */
  readonly ghostUsers: string[] = [];
  readonly ghostChats: string[] = [];

  private constructor(readonly app: IsolatedApp) {}

  static async start(suite: string): Promise<ReconcileWorld> {
    return new ReconcileWorld(await isolatedTestApp(suite));
  }

  get pg(): Pool {
    return this.app.booted.container.get<Pool>(PG_POOL);
  }
  get mongo(): Connection {
    return this.app.booted.container.get<Connection>(MONGO_CONNECTION);
  }
  get neo4j(): Driver {
    return this.app.booted.container.get<Driver>(NEO4J_DRIVER);
  }

  async user(displayName?: string): Promise<RegisteredUser> {
    const user = await registerUser(this.app, displayName ? { displayName } : {});
    this.users.push(user);
    return user;
  }

  ghostUser(): string {
    const id = randomUUID();
    this.ghostUsers.push(id);
    return id;
  }

  ghostChat(): string {
    const id = randomUUID();
    this.ghostChats.push(id);
    return id;
  }

  /** A group chat through the API, once every member's profile reached the chats module. */
  async chat(owner: RegisteredUser, members: RegisteredUser[]): Promise<ChatJson> {
    const ids = [owner, ...members].map((user) => user.id);
    await eventually(
      'profiles of the chat members',
      () => this.mongo.collection('user_profiles').countDocuments({ _id: { $in: ids } } as never),
      (n) => n === ids.length,
      30_000,
    );
    const res = await this.app.request<ChatJson>('POST', '/v1/chats', {
      token: owner.accessToken,
      body: { type: 'group', title: 'reconcile', memberIds: members.map((member) => member.id) },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    this.chats.push(res.body.id);
    return res.body;
  }

  async send(user: RegisteredUser, chatId: string, body: string): Promise<MessageJson> {
    const res = await this.app.request<MessageJson>('POST', `/v1/chats/${chatId}/messages`, {
      token: user.accessToken,
      body: { body, clientMsgId: randomUUID() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  /** `a` asks, `b` accepts (once both graph nodes exist). */
  async befriend(a: RegisteredUser, b: RegisteredUser): Promise<void> {
    await eventually(
      'graph nodes of both',
      async () =>
        (
          await this.neo4j.executeQuery(
            'MATCH (u:User) WHERE u.id IN $ids AND u.version IS NOT NULL RETURN count(u) AS n',
            {
              ids: [a.id, b.id],
            },
          )
        ).records[0]?.get('n') as number,
      (n) => n === 2,
      30_000,
    );
    const sent = await this.app.request<{ request: { id: string } }>('POST', '/v1/friends/requests', {
      token: a.accessToken,
      body: { userId: b.id },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const accepted = await this.app.request('POST', `/v1/friends/requests/${sent.body.request.id}/accept`, {
      token: b.accessToken,
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  }

  /** Everything the suite made, plus its ghosts. */
  scope(): ReconcileScope {
    return {
      userIds: [...this.users.map((user) => user.id), ...this.ghostUsers],
      chatIds: [...this.chats, ...this.ghostChats],
    };
  }

  reconcile(options: { only?: PairName[]; repair?: boolean; scoped?: boolean } = {}): Promise<PairOutcome[]> {
    return this.app.booted.container.get(Reconcile).execute({
      scope: options.scoped === false ? {} : this.scope(),
      only: options.only,
      repair: options.repair ?? false,
      settleMs: 0,
    });
  }

  /** Waits until every projection caught up with what the suite made (no drift, nothing in flight). */
  async settled(only?: PairName[]): Promise<void> {
    await eventually(
      'projections in step with the owners',
      async () =>
        (await this.reconcile({ only }))
          .filter((outcome) => driftSize(outcome.check.drift) > 0 || outcome.check.pending > 0)
          .map((outcome) => ({ pair: outcome.check.pair, drift: outcome.check.drift, pending: outcome.check.pending })),
      (unsettled) => unsettled.length === 0,
      60_000,
    );
  }

  /** Removes what the suite put in the shared graph, drops its own databases and topics. */
  async stop(): Promise<void> {
    const ids = [...this.users.map((user) => user.id), ...this.ghostUsers];
    await this.neo4j.executeQuery(
      `MATCH (p:FriendPair) WHERE p.lo IN $ids OR p.hi IN $ids DELETE p
       WITH count(*) AS done
       OPTIONAL MATCH (u) WHERE (u:User OR u:DeletedUser) AND u.id IN $ids DETACH DELETE u`,
      { ids },
    );
    await this.neo4j.executeQuery('MATCH (c:Chat) WHERE c.id IN $ids DETACH DELETE c', {
      ids: [...this.chats, ...this.ghostChats],
    });
    const namespace = this.app.config.KAFKA_TOPIC_PREFIX;
    await this.neo4j.executeQuery('MATCH (e:OutboxEvent {namespace: $namespace}) DELETE e', { namespace });
    await this.app.stop();
  }
}

/** One pair's drift, ids sorted; stale ids carry the differing fields ("id:field,field"). */
export function driftOf(
  outcomes: readonly PairOutcome[],
  pair: PairName,
  after: 'check' | 'afterRepair' = 'check',
): DriftView {
  const outcome = outcomes.find((candidate) => candidate.check.pair === pair);
  assert.ok(outcome, `no outcome for ${pair}`);
  const check = after === 'check' ? outcome.check : outcome.afterRepair;
  assert.ok(check, `${pair} has no ${after}`);
  assert.equal(check.skipped, undefined, `${pair} was skipped: ${check.skipped ?? ''}`);
  return {
    missing: check.drift.missing.map((item) => item.id).sort(),
    extra: check.drift.extra.map((item) => item.id).sort(),
    stale: check.drift.stale.map((item) => `${item.id}:${item.fields.join(',')}`).sort(),
  };
}

export const NONE: DriftView = { missing: [], extra: [], stale: [] };

/** "lo:hi" of two ids. */
export const pairKeyOf = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

import { inject, injectable } from 'inversify';
import type { Driver } from 'neo4j-driver';
import { CONFIG, type Config } from '../../../config';
import { createEnvelope } from '../../../platform/kafka';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import { appendToNeo4jOutbox, wakeNeo4jOutbox, type PendingEvent } from '../../../platform/outbox';
import { randomUUID } from 'node:crypto';
import type {
  BulkEventMeta,
  FriendshipBulkStore,
  FriendshipImportOutcome,
  ImportedFriendship,
} from '../application/bulk-friendships';
import {
  FRIENDSHIPS_TOPIC,
  FriendshipEventTypes,
  orderedPair,
  pairKey,
  type FriendRequestPayload,
} from '../domain/events';

interface PairRow {
  key: string;
  lo: string;
  hi: string;
  since: string;
}

/**
 * Locks every pair of the batch (MERGE on the unique pair node, like single changes do), creates
 * missing user nodes as bare-id placeholders (the user projection fills them in), reads each pair's
 * state, and befriends the free pairs in the same transaction.
 */
const LOCK_AND_READ = `
  UNWIND $pairs AS pair
  MERGE (p:FriendPair {key: pair.key})
  ON CREATE SET p.lo = pair.lo, p.hi = pair.hi, p.version = 0
  SET p.lockedAt = timestamp()
  MERGE (a:User {id: pair.lo})
  MERGE (b:User {id: pair.hi})
  RETURN pair.key AS key, p.version AS version,
    EXISTS { (a)-[:FRIENDS_WITH]-(b) } AS friends, EXISTS { (a)-[:BLOCKED]-(b) } AS blocked`;

const BEFRIEND = `
  UNWIND $rows AS row
  MATCH (a:User {id: row.lo}), (b:User {id: row.hi}), (p:FriendPair {key: row.key})
  CALL (a, b) { MATCH (a)-[r:REQUESTED]-(b) DELETE r }
  MERGE (a)-[f:FRIENDS_WITH]->(b) ON CREATE SET f.since = row.since
  SET p.version = row.version`;

/** Friendships in Neo4j, many pairs per transaction (dataset import and export). */
@injectable()
export class Neo4jFriendshipBulkStore implements FriendshipBulkStore {
  private readonly outboxNamespace: string;

  constructor(
    @inject(NEO4J_DRIVER) private readonly driver: Driver,
    @inject(CONFIG) config: Config,
  ) {
    this.outboxNamespace = config.KAFKA_TOPIC_PREFIX;
  }

  async befriendMany(pairs: readonly ImportedFriendship[], meta: BulkEventMeta): Promise<FriendshipImportOutcome> {
    const rows: PairRow[] = pairs.map((pair) => {
      const [lo, hi] = orderedPair(pair.userId, pair.friendId);
      return { key: pairKey(lo, hi), lo, hi, since: pair.since };
    });
    const session = this.driver.session();
    try {
      const outcome = await session.executeWrite(async (tx) => {
        const { records } = await tx.run(LOCK_AND_READ, { pairs: rows });
        const state = new Map(
          records.map((record) => [
            record.get('key') as string,
            {
              version: Number(record.get('version')),
              friends: record.get('friends') as boolean,
              blocked: record.get('blocked') as boolean,
            },
          ]),
        );
        const result = { created: [] as string[], existing: [] as string[], blocked: [] as string[] };
        const befriend: (PairRow & { version: number })[] = [];
        const events: PendingEvent[] = [];
        for (const row of rows) {
          const pair = state.get(row.key);
          if (!pair || pair.friends) result.existing.push(row.key);
          else if (pair.blocked) result.blocked.push(row.key);
          else {
            result.created.push(row.key);
            befriend.push({ ...row, version: pair.version + 2 });
            events.push(...friendshipEvents(row, pair.version, meta));
          }
        }
        if (befriend.length > 0) {
          await tx.run(BEFRIEND, { rows: befriend });
          await appendToNeo4jOutbox(tx, events, this.outboxNamespace);
        }
        return result;
      });
      if (outcome.created.length > 0) wakeNeo4jOutbox();
      return outcome;
    } finally {
      await session.close();
    }
  }

  async friendshipsFrom(userIds: readonly string[]): Promise<ImportedFriendship[]> {
    const { records } = await this.driver.executeQuery(
      `UNWIND $ids AS id
       MATCH (a:User {id: id})-[f:FRIENDS_WITH]-(b:User) WHERE a.id < b.id
       RETURN a.id AS userId, b.id AS friendId, f.since AS since ORDER BY userId, friendId`,
      { ids: [...userIds] },
      { routing: 'READ' },
    );
    return records.map((record) => ({
      userId: record.get('userId') as string,
      friendId: record.get('friendId') as string,
      since: record.get('since') as string,
    }));
  }
}

/** What a request from `lo` and its acceptance would have emitted, at the pair's next versions. */
function friendshipEvents(row: PairRow, version: number, meta: BulkEventMeta): PendingEvent[] {
  const payload: FriendRequestPayload = { requestId: randomUUID(), fromUserId: row.lo, toUserId: row.hi };
  return [FriendshipEventTypes.requestSent, FriendshipEventTypes.requestAccepted].map((type, index) => {
    const envelope = createEnvelope({ type, aggregateId: row.key, version: version + index + 1, payload, ...meta });
    return { topic: FRIENDSHIPS_TOPIC, envelope: { ...envelope, occurredAt: new Date(row.since).toISOString() } };
  });
}

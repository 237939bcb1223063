import { inject, injectable } from 'inversify';
import type { Driver } from 'neo4j-driver';
import { CONFIG, type Config } from '../../../config';
import { createEnvelope } from '../../../platform/kafka';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import { appendToNeo4jOutbox, wakeNeo4jOutbox } from '../../../platform/outbox';
import type { EventMeta, FriendGraph } from '../application/ports';
import { FRIENDSHIPS_TOPIC, orderedPair, pairKey } from '../domain/events';
import type { FriendRequest, PairState, Transition } from '../domain/model';
import { applyChange, lockPair, readPairState, setPairVersion } from './pair-statements';

/**
 * Friend requests, friendships and blocks as edges between (:User) nodes, changed one pair at a
 * time under the pair's lock; each change commits with its events in the Neo4j outbox.
 */
@injectable()
export class Neo4jFriendGraph implements FriendGraph {
  private readonly outboxNamespace: string;

  constructor(
    @inject(NEO4J_DRIVER) private readonly driver: Driver,
    @inject(CONFIG) config: Config,
  ) {
    this.outboxNamespace = config.KAFKA_TOPIC_PREFIX;
  }

  async changePair<R>(a: string, b: string, decide: (state: PairState) => Transition<R>, meta: EventMeta): Promise<R> {
    const [lo, hi] = orderedPair(a, b);
    const key = pairKey(a, b);
    let emitted = false;
    const session = this.driver.session();
    try {
      const result = await session.executeWrite(async (tx) => {
        const version = await lockPair(tx, key, lo, hi);
        const transition = decide(await readPairState(tx, lo, hi));
        for (const change of transition.changes) await applyChange(tx, lo, hi, change);
        const events = transition.events.map((event, index) => ({
          topic: FRIENDSHIPS_TOPIC,
          envelope: createEnvelope({ ...event, aggregateId: key, version: version + index + 1, ...meta }),
        }));
        if (events.length > 0) {
          await setPairVersion(tx, key, version + events.length);
          await appendToNeo4jOutbox(tx, events, this.outboxNamespace);
        }
        emitted = events.length > 0;
        return transition.result;
      });
      if (emitted) wakeNeo4jOutbox();
      return result;
    } finally {
      await session.close();
    }
  }

  async findRequest(id: string): Promise<FriendRequest | undefined> {
    const { records } = await this.driver.executeQuery(
      `MATCH (a:User)-[r:REQUESTED {id: $id}]->(b:User)
       RETURN r {.id, .createdAt, fromUserId: a.id, toUserId: b.id} AS request`,
      { id },
      { routing: 'READ' },
    );
    return records[0]?.get('request') as FriendRequest | undefined;
  }
}

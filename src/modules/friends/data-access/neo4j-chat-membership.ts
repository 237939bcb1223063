import { inject, injectable } from 'inversify';
import neo4j, { type Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';

/** A version-stamped change to a chat's membership, as chat events describe it. */
export interface MembershipChange {
  readonly chatId: string;
  readonly version: number;
  /** Set by chat.created only. */
  readonly chatType?: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/**
 * `(:User)-[:MEMBER_OF]->(:Chat {id, type})` in the graph, for suggestions. A change applies only
 * when its version is newer than the chat node's, so redelivered or older events are no-ops. A
 * member whose (:User) node has not arrived yet gets a placeholder node (an id, no version) that
 * the user projection fills in; deleted users (tombstoned) are skipped.
 */
@injectable()
export class Neo4jChatMembership {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async apply(change: MembershipChange): Promise<void> {
    await this.driver.executeQuery(
      `MERGE (c:Chat {id: $chatId})
       ON CREATE SET c.version = 0
       WITH c WHERE c.version < $version
       SET c.version = $version, c.type = coalesce($chatType, c.type)
       WITH c
       CALL (c) {
         UNWIND $remove AS userId
         MATCH (:User {id: userId})-[m:MEMBER_OF]->(c)
         DELETE m
       }
       CALL (c) {
         UNWIND $add AS userId
         WITH userId WHERE NOT EXISTS { MATCH (:DeletedUser {id: userId}) }
         MERGE (u:User {id: userId})
         MERGE (u)-[:MEMBER_OF]->(c)
       }`,
      {
        chatId: change.chatId,
        version: neo4j.int(change.version),
        chatType: change.chatType ?? null,
        add: change.add,
        remove: change.remove,
      },
    );
  }
}

import { inject, injectable } from 'inversify';
import type { Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import type { BlockCheck } from '../application/block-check';

/** Answers the chats module's question straight from the graph, the owner of blocks. */
@injectable()
export class Neo4jBlockCheck implements BlockCheck {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async isBlockedBetween(userA: string, userB: string): Promise<boolean> {
    const { records } = await this.driver.executeQuery(
      'RETURN EXISTS { MATCH (:User {id: $userA})-[:BLOCKED]-(:User {id: $userB}) } AS blocked',
      { userA, userB },
      { routing: 'READ' },
    );
    return records[0]?.get('blocked') === true;
  }
}

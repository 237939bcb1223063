import { inject, injectable } from 'inversify';
import type { Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import type { UserProjectionTarget } from '../../users';

export interface UserNode {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly version: number;
}

/**
 * The `(:User)` projection in the graph. Writes are guarded by the aggregate version, so a replayed
 * or redelivered older event changes nothing; a deleted user leaves only a `(:DeletedUser {id,
 * version})` tombstone, so a late event cannot bring the node back. Deleting the node also drops
 * every edge on it (friendships, pending requests, blocks, chat memberships) and its pair locks.
 */
@injectable()
export class Neo4jUserNodes implements UserProjectionTarget {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async upsert(user: UserNode): Promise<void> {
    await this.driver.executeQuery(
      `OPTIONAL MATCH (gone:DeletedUser {id: $id})
       WITH gone WHERE gone IS NULL OR gone.version < $version
       MERGE (u:User {id: $id})
       WITH u WHERE coalesce(u.version, 0) < $version
       SET u.username = $username, u.displayName = $displayName, u.version = $version`,
      { ...user },
    );
  }

  async remove(id: string, version: number): Promise<void> {
    await this.driver.executeQuery(
      `MERGE (gone:DeletedUser {id: $id})
       SET gone.version = CASE WHEN coalesce(gone.version, 0) < $version THEN $version ELSE gone.version END
       WITH gone
       OPTIONAL MATCH (u:User {id: $id}) WHERE coalesce(u.version, 0) < $version
       CALL (u) {
         MATCH (p:FriendPair) WHERE u IS NOT NULL AND (p.lo = $id OR p.hi = $id)
         DELETE p
       }
       DETACH DELETE u`,
      { id, version },
    );
  }
}

import { inject, injectable } from 'inversify';
import type { Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import { applyUserSnapshot, type UserSnapshot, type UserSnapshotTarget } from '../../users';
import type { GraphUserStates, IdRange } from '../application/reconciliation-ports';
import type { GraphUserState } from '../domain/snapshots';
import { idFilter } from './neo4j-ranges';

const RETURN_STATE = `RETURN u.id AS id, u.username AS username, u.displayName AS displayName, u.version AS version
  ORDER BY u.id`;

/**
 * The (:User) projection for backfill and reconcile. Owner snapshots go through the same guards as
 * Neo4jUserNodes (tombstones, versions), except that an equal version overwrites: the owner's state
 * at version v is the truth for v, which mends a node altered behind the system's back.
 */
@injectable()
export class Neo4jGraphUserStates implements GraphUserStates, UserSnapshotTarget {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async range(range: IdRange, within?: readonly string[]): Promise<GraphUserState[]> {
    const filter = idFilter('u', range, within);
    return this.read(`MATCH (u:User) ${filter.where} ${RETURN_STATE}`, filter.params);
  }

  byIds(ids: readonly string[]): Promise<GraphUserState[]> {
    return this.read(`MATCH (u:User) WHERE u.id IN $ids ${RETURN_STATE}`, { ids: [...ids] });
  }

  async apply(users: readonly UserSnapshot[]): Promise<void> {
    for (const user of users) await applyUserSnapshot(user, this);
  }

  async forget(nodes: readonly GraphUserState[]): Promise<void> {
    await this.driver.executeQuery(
      `UNWIND $ids AS id
       MATCH (u:User {id: id})
       CALL (u, id) {
         MATCH (p:FriendPair) WHERE p.lo = id OR p.hi = id
         DELETE p
       }
       DETACH DELETE u`,
      { ids: nodes.map((node) => node.id) },
    );
  }

  async overwrite(user: { id: string; username: string; displayName: string; version: number }): Promise<void> {
    await this.driver.executeQuery(
      `OPTIONAL MATCH (gone:DeletedUser {id: $id})
       WITH gone WHERE gone IS NULL OR gone.version < $version
       MERGE (u:User {id: $id})
       WITH u WHERE coalesce(u.version, 0) <= $version
       SET u.username = $username, u.displayName = $displayName, u.version = $version`,
      { ...user },
    );
  }

  async overwriteRemoved(id: string, version: number): Promise<void> {
    await this.driver.executeQuery(
      `MERGE (gone:DeletedUser {id: $id})
       SET gone.version = CASE WHEN coalesce(gone.version, 0) < $version THEN $version ELSE gone.version END
       WITH gone
       OPTIONAL MATCH (u:User {id: $id}) WHERE coalesce(u.version, 0) <= $version
       CALL (u) {
         MATCH (p:FriendPair) WHERE u IS NOT NULL AND (p.lo = $id OR p.hi = $id)
         DELETE p
       }
       DETACH DELETE u`,
      { id, version },
    );
  }

  private async read(query: string, params: Record<string, unknown>): Promise<GraphUserState[]> {
    const { records } = await this.driver.executeQuery(query, params);
    return records.map((record) => ({
      id: record.get('id') as string,
      username: (record.get('username') as string | null) ?? null,
      displayName: (record.get('displayName') as string | null) ?? null,
      version: (record.get('version') as number | null) ?? null,
    }));
  }
}

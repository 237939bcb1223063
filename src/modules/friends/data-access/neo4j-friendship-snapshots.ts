import { inject, injectable } from 'inversify';
import neo4j, { type Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import type { FriendshipSnapshotReader } from '../application/reconciliation-ports';
import { pairKey } from '../domain/events';
import type { FriendshipSnapshot } from '../domain/snapshots';

/** Where pages of friendships start: after the pair (lo, hi) of the key "lo:hi". */
function afterPair(after: string | undefined): { lo: string | null; hi: string | null } {
  if (after === undefined) return { lo: null, hi: null };
  const [lo = '', hi = ''] = after.split(':');
  return { lo, hi };
}

/**
 * Friendships as their owner store holds them: FRIENDS_WITH edges (each pair once, lo < hi) with
 * their pair's event version, in (lo, hi) order, which is the order of the keys "lo:hi".
 */
@injectable()
export class Neo4jFriendshipSnapshots implements FriendshipSnapshotReader {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async page(after: string | undefined, limit: number, within?: readonly string[]): Promise<FriendshipSnapshot[]> {
    const from = afterPair(after);
    const { records } = await this.driver.executeQuery(
      `MATCH (a:User)-[:FRIENDS_WITH]-(b:User)
       WHERE a.id < b.id
         AND ($lo IS NULL OR a.id > $lo OR (a.id = $lo AND b.id > $hi))
         AND ($within IS NULL OR a.id IN $within OR b.id IN $within)
       WITH a.id AS lo, b.id AS hi ORDER BY lo, hi LIMIT $limit
       OPTIONAL MATCH (p:FriendPair {key: lo + ':' + hi})
       RETURN lo, hi, coalesce(p.version, 0) AS version ORDER BY lo, hi`,
      { ...from, within: within ? [...within] : null, limit: neo4j.int(limit) },
    );
    return records.map((record) => this.snapshot(record.get('lo') as string, record.get('hi') as string, true, record));
  }

  async byIds(keys: readonly string[]): Promise<FriendshipSnapshot[]> {
    const pairs = keys.map((key) => afterPair(key));
    const { records } = await this.driver.executeQuery(
      `UNWIND $pairs AS pair
       OPTIONAL MATCH (p:FriendPair {key: pair.lo + ':' + pair.hi})
       WITH pair, p, EXISTS { MATCH (:User {id: pair.lo})-[:FRIENDS_WITH]-(:User {id: pair.hi}) } AS friends
       WHERE p IS NOT NULL OR friends
       RETURN pair.lo AS lo, pair.hi AS hi, friends, coalesce(p.version, 0) AS version`,
      { pairs },
    );
    return records.map((record) =>
      this.snapshot(record.get('lo') as string, record.get('hi') as string, record.get('friends') as boolean, record),
    );
  }

  async count(within?: readonly string[]): Promise<number> {
    const { records } = await this.driver.executeQuery(
      `MATCH (a:User)-[:FRIENDS_WITH]-(b:User)
       WHERE a.id < b.id AND ($within IS NULL OR a.id IN $within OR b.id IN $within)
       RETURN count(*) AS n`,
      { within: within ? [...within] : null },
    );
    return Number(records[0]?.get('n') ?? 0);
  }

  private snapshot(
    lo: string,
    hi: string,
    friends: boolean,
    record: { get(key: string): unknown },
  ): FriendshipSnapshot {
    return { id: pairKey(lo, hi), lo, hi, friends, version: Number(record.get('version')) };
  }
}

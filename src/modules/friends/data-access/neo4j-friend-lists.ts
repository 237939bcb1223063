import { inject, injectable } from 'inversify';
import neo4j, { type Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import type { FriendDirectory } from '../application/friend-directory';
import type { FriendLists } from '../application/ports';
import type { CursorPosition } from '../domain/cursor';
import type { BlockedUser, Friend, FriendRequestView, RequestDirection } from '../domain/model';
import { AFTER_ASC, AFTER_DESC, afterParams, USER_SUMMARY, userOf } from './cypher';

/** The caller's own edges, page by page (keyset pagination on the listing's sort key and id). */
@injectable()
export class Neo4jFriendLists implements FriendLists, FriendDirectory {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async friendIdsOf(userId: string): Promise<string[]> {
    const { records } = await this.driver.executeQuery(
      'MATCH (:User {id: $userId})-[:FRIENDS_WITH]-(friend:User) RETURN friend.id AS id',
      { userId },
      { routing: 'READ' },
    );
    return records.map((record) => record.get('id') as string);
  }

  async requests(
    userId: string,
    direction: RequestDirection,
    after: CursorPosition | undefined,
    fetch: number,
  ): Promise<FriendRequestView[]> {
    const pattern = direction === 'incoming' ? '(me)<-[r:REQUESTED]-(other:User)' : '(me)-[r:REQUESTED]->(other:User)';
    const { records } = await this.driver.executeQuery(
      `MATCH (me:User {id: $userId})
       MATCH ${pattern}
       WHERE ${AFTER_DESC('r.createdAt', 'r.id')}
       RETURN r {.id, .createdAt, fromUserId: startNode(r).id, toUserId: endNode(r).id} AS request,
              ${USER_SUMMARY('other')} AS user
       ORDER BY r.createdAt DESC, r.id DESC LIMIT $fetch`,
      { userId, ...afterParams(after), fetch: neo4j.int(fetch) },
      { routing: 'READ' },
    );
    return records.map((record) => ({
      ...(record.get('request') as Omit<FriendRequestView, 'user'>),
      user: userOf(record, 'user'),
    }));
  }

  async friends(userId: string, after: CursorPosition | undefined, fetch: number): Promise<Friend[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:User {id: $userId})-[f:FRIENDS_WITH]-(friend:User)
       WITH friend, f, toLower(friend.username) AS sortKey
       WHERE ${AFTER_ASC('sortKey', 'friend.id')}
       RETURN ${USER_SUMMARY('friend')} AS user, f.since AS since
       ORDER BY sortKey, friend.id LIMIT $fetch`,
      { userId, ...afterParams(after), fetch: neo4j.int(fetch) },
      { routing: 'READ' },
    );
    return records.map((record) => ({ ...userOf(record, 'user'), since: record.get('since') as string }));
  }

  async blocks(userId: string, after: CursorPosition | undefined, fetch: number): Promise<BlockedUser[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:User {id: $userId})-[b:BLOCKED]->(blocked:User)
       WHERE ${AFTER_DESC('b.createdAt', 'blocked.id')}
       RETURN ${USER_SUMMARY('blocked')} AS user, b.createdAt AS createdAt
       ORDER BY b.createdAt DESC, blocked.id DESC LIMIT $fetch`,
      { userId, ...afterParams(after), fetch: neo4j.int(fetch) },
      { routing: 'READ' },
    );
    return records.map((record) => ({ user: userOf(record, 'user'), createdAt: record.get('createdAt') as string }));
  }
}

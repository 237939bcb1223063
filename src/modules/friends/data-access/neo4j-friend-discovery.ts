import { inject, injectable } from 'inversify';
import neo4j, { type Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import type { FriendDiscovery } from '../application/ports';
import type { CursorPosition } from '../domain/cursor';
import type { LinkModel } from '../domain/link-model';
import type { Suggestion, UserSummary } from '../domain/model';
import { AFTER_ASC, afterParams, LIVE, USER_SUMMARY, userOf } from './cypher';

/** Weight of one shared group chat against one mutual friend in the suggestion score. */
export const SHARED_CHAT_WEIGHT = 0.5;

/**
 * Friends of friends with their mutual friends, and members of my group chats with the number
 * shared, merged per candidate; existing friends, pending requests and blocks (either way) out.
 * The exclusions are collected once up front: a per-candidate pattern check cost 2-3x more.
 * `rank` sees candidate, mutual, sharedChats and myDegree and yields rankKey (what orders) and score.
 */
const suggestions = (rank: string, needsDegree: boolean) => `
  MATCH (me:User {id: $userId})
  WITH me, COLLECT { MATCH (me)-[:FRIENDS_WITH|REQUESTED|BLOCKED]-(other) RETURN DISTINCT other } AS excluded,
       ${needsDegree ? 'COUNT { (me)-[:FRIENDS_WITH]-() }' : '0'} AS myDegree
  CALL (me) {
    MATCH (me)-[:FRIENDS_WITH]-(friend:User)-[:FRIENDS_WITH]-(candidate:User)
    WHERE candidate <> me
    RETURN candidate, friend, null AS chat
    UNION ALL
    MATCH (me)-[:MEMBER_OF]->(chat:Chat {type: 'group'})<-[:MEMBER_OF]-(candidate:User)
    WHERE candidate <> me
    RETURN candidate, null AS friend, chat
  }
  WITH excluded, myDegree, candidate, friend, chat ORDER BY toLower(friend.username)
  WITH excluded, myDegree, candidate, collect(DISTINCT friend) AS mutual, count(DISTINCT chat) AS sharedChats
  WHERE NOT candidate IN excluded AND ${LIVE('candidate')}
  ${rank}
  ORDER BY rankKey DESC, size(mutual) DESC, candidate.id
  LIMIT $limit
  RETURN ${USER_SUMMARY('candidate')} AS user, size(mutual) AS mutualCount,
         [f IN mutual[..3] | f.displayName] AS mutualNames, sharedChats, score`;

/** docs/decisions/0008: mutual friends + SHARED_CHAT_WEIGHT x shared group chats. */
const BY_FORMULA = suggestions(
  'WITH candidate, mutual, sharedChats, size(mutual) + $chatWeight * sharedChats AS score WITH *, score AS rankKey',
  false,
);

/**
 * The learned ranker (docs/decisions/0041): the features of scripts/ml/polychat_ml/links.py
 * (degrees count FRIENDS_WITH edges; Adamic-Adar and resource allocation sum over the mutual
 * friends' degrees; Jaccard over both friend sets, which exclude each other) and the model's
 * folded weights as parameters ($w, $intercept). Ordered by the logit; the score is the probability.
 */
const BY_MODEL = suggestions(
  `WITH candidate, mutual, sharedChats, myDegree, COUNT { (candidate)-[:FRIENDS_WITH]-() } AS theirDegree,
       [f IN mutual | COUNT { (f)-[:FRIENDS_WITH]-() }] AS mutualDegrees
  WITH candidate, mutual, sharedChats, myDegree, theirDegree, size(mutual) AS m,
       reduce(s = 0.0, d IN mutualDegrees | s + CASE WHEN d > 1 THEN 1.0 / log(d) ELSE 0.0 END) AS adamicAdar,
       reduce(s = 0.0, d IN mutualDegrees | s + CASE WHEN d > 0 THEN 1.0 / d ELSE 0.0 END) AS resourceAllocation
  WITH candidate, mutual, sharedChats,
       $intercept + $w.mutual * m + $w.sharedChats * sharedChats + $w.degreeU * myDegree
       + $w.degreeV * theirDegree + $w.adamicAdar * adamicAdar + $w.resourceAllocation * resourceAllocation
       + $w.jaccard * CASE WHEN myDegree + theirDegree - m > 0 THEN toFloat(m) / (myDegree + theirDegree - m) ELSE 0.0 END
       + $w.logPrefAttach * log(1.0 + myDegree * theirDegree) AS logit
  WITH candidate, mutual, sharedChats, logit AS rankKey, 1.0 / (1.0 + exp(-logit)) AS score`,
  true,
);

/** Mutual friends, suggestions and degrees of separation, answered by graph traversals. */
@injectable()
export class Neo4jFriendDiscovery implements FriendDiscovery {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async exists(userId: string): Promise<boolean> {
    const { records } = await this.driver.executeQuery(
      `RETURN EXISTS { MATCH (u:User {id: $userId}) WHERE ${LIVE('u')} } AS found`,
      { userId },
      { routing: 'READ' },
    );
    return records[0]?.get('found') === true;
  }

  async mutualFriends(
    userId: string,
    otherId: string,
    after: CursorPosition | undefined,
    fetch: number,
  ): Promise<UserSummary[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:User {id: $userId})-[:FRIENDS_WITH]-(mutual:User)-[:FRIENDS_WITH]-(:User {id: $otherId})
       WITH DISTINCT mutual, toLower(mutual.username) AS sortKey
       WHERE ${AFTER_ASC('sortKey', 'mutual.id')}
       RETURN ${USER_SUMMARY('mutual')} AS user
       ORDER BY sortKey, mutual.id LIMIT $fetch`,
      { userId, otherId, ...afterParams(after), fetch: neo4j.int(fetch) },
      { routing: 'READ' },
    );
    return records.map((record) => userOf(record, 'user'));
  }

  async suggestions(userId: string, limit: number, model?: LinkModel): Promise<Suggestion[]> {
    const { records } = await this.driver.executeQuery(
      model ? BY_MODEL : BY_FORMULA,
      model
        ? { userId, limit: neo4j.int(limit), w: { ...model.weights }, intercept: model.intercept }
        : { userId, limit: neo4j.int(limit), chatWeight: SHARED_CHAT_WEIGHT },
      { routing: 'READ' },
    );
    return records.map((record) => ({
      user: userOf(record, 'user'),
      mutualCount: record.get('mutualCount') as number,
      mutualNames: record.get('mutualNames') as string[],
      sharedChats: record.get('sharedChats') as number,
      score: record.get('score') as number,
    }));
  }

  async shortestPath(fromId: string, toId: string, maxDepth: number): Promise<UserSummary[] | null> {
    // A relationship-length bound cannot be a parameter; it is built from a checked integer only.
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 6) throw new RangeError(`bad maxDepth ${maxDepth}`);
    const query =
      fromId === toId
        ? `MATCH (a:User {id: $fromId}) RETURN [${USER_SUMMARY('a')}] AS path`
        : `MATCH (a:User {id: $fromId}), (b:User {id: $toId})
           MATCH p = shortestPath((a)-[:FRIENDS_WITH*..${maxDepth}]-(b))
           RETURN [n IN nodes(p) | ${USER_SUMMARY('n')}] AS path`;
    const { records } = await this.driver.executeQuery(query, { fromId, toId }, { routing: 'READ' });
    const path = records[0]?.get('path') as UserSummary[] | undefined;
    return path ?? null;
  }
}

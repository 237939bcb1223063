import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { Block, FriendRequest, PairChange, PairState } from '../domain/model';

/**
 * Takes the pair's lock: MERGE on the uniquely constrained (:FriendPair {key}) makes concurrent
 * first writers wait for each other, and the SET holds the node's write lock until commit, so
 * everything read after it is the latest committed state. Returns the pair's event version.
 */
export async function lockPair(tx: ManagedTransaction, key: string, lo: string, hi: string): Promise<number> {
  const { records } = await tx.run(
    `MERGE (p:FriendPair {key: $key})
     ON CREATE SET p.lo = $lo, p.hi = $hi, p.version = 0
     SET p.lockedAt = timestamp()
     RETURN p.version AS version`,
    { key, lo, hi },
  );
  return Number(records[0]?.get('version') ?? 0);
}

/** Sets the pair's version to the last event it emitted. */
export async function setPairVersion(tx: ManagedTransaction, key: string, version: number): Promise<void> {
  await tx.run('MATCH (p:FriendPair {key: $key}) SET p.version = $version', { key, version: neo4j.int(version) });
}

/** Everything between the two users, read under the pair's lock. */
export async function readPairState(tx: ManagedTransaction, lo: string, hi: string): Promise<PairState> {
  const { records } = await tx.run(
    `RETURN
       [id IN [$lo, $hi] WHERE EXISTS { MATCH (u:User {id: id}) WHERE u.version IS NOT NULL }] AS present,
       head(COLLECT { MATCH (:User {id: $lo})-[f:FRIENDS_WITH]-(:User {id: $hi}) RETURN f.since }) AS friendsSince,
       COLLECT { MATCH (:User {id: $lo})-[r:REQUESTED]-(:User {id: $hi})
                 RETURN r {.id, .createdAt, fromUserId: startNode(r).id, toUserId: endNode(r).id} } AS requests,
       COLLECT { MATCH (:User {id: $lo})-[b:BLOCKED]-(:User {id: $hi})
                 RETURN b {.createdAt, blockerId: startNode(b).id, blockedId: endNode(b).id} } AS blocks`,
    { lo, hi },
  );
  const record = records[0];
  if (!record) throw new Error('pair state query returned no row');
  return {
    present: record.get('present') as string[],
    friendsSince: (record.get('friendsSince') as string | null) ?? null,
    requests: record.get('requests') as FriendRequest[],
    blocks: record.get('blocks') as Block[],
  };
}

/** Applies one change of a transition; `lo`/`hi` are the pair in canonical order. */
export async function applyChange(tx: ManagedTransaction, lo: string, hi: string, change: PairChange): Promise<void> {
  switch (change.kind) {
    case 'request':
      await tx.run(
        `MATCH (a:User {id: $from}), (b:User {id: $to})
         CREATE (a)-[:REQUESTED {id: $id, createdAt: $createdAt}]->(b)`,
        { from: change.request.fromUserId, to: change.request.toUserId, ...change.request },
      );
      return;
    case 'dropRequests':
      await tx.run(`MATCH (:User {id: $lo})-[r:REQUESTED]-(:User {id: $hi}) WHERE r.id IN $ids DELETE r`, {
        lo,
        hi,
        ids: change.ids,
      });
      return;
    case 'befriend':
      await tx.run(
        `MATCH (a:User {id: $lo}), (b:User {id: $hi})
         MERGE (a)-[f:FRIENDS_WITH]->(b) ON CREATE SET f.since = $since`,
        { lo, hi, since: change.since },
      );
      return;
    case 'unfriend':
      await tx.run('MATCH (:User {id: $lo})-[f:FRIENDS_WITH]-(:User {id: $hi}) DELETE f', { lo, hi });
      return;
    case 'block':
      await tx.run(
        `MATCH (a:User {id: $blockerId}), (b:User {id: $blockedId})
         MERGE (a)-[x:BLOCKED]->(b) ON CREATE SET x.createdAt = $createdAt`,
        { ...change.block },
      );
      return;
    case 'unblock':
      await tx.run('MATCH (:User {id: $blockerId})-[x:BLOCKED]->(:User {id: $blockedId}) DELETE x', {
        blockerId: change.blockerId,
        blockedId: change.blockedId,
      });
      return;
  }
}

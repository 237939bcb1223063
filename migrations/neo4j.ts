/**
 * Neo4j schema: constraints and indexes, applied by `npx polychat migrate` (idempotent: IF NOT
 * EXISTS). A uniqueness constraint also makes concurrent MERGEs on the same id safe.
 */
export const neo4jSchema: readonly string[] = [
  'CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE',
  'CREATE CONSTRAINT deleted_user_id IF NOT EXISTS FOR (u:DeletedUser) REQUIRE u.id IS UNIQUE',
  'CREATE INDEX user_username IF NOT EXISTS FOR (u:User) ON (u.username)',
  // Friend graph (docs/decisions/0008). The pair node is the per-pair lock: MERGE on its unique
  // key makes two first writers of a pair wait for each other instead of both creating it.
  'CREATE CONSTRAINT friend_pair_key IF NOT EXISTS FOR (p:FriendPair) REQUIRE p.key IS UNIQUE',
  'CREATE INDEX friend_pair_lo IF NOT EXISTS FOR (p:FriendPair) ON (p.lo)',
  'CREATE INDEX friend_pair_hi IF NOT EXISTS FOR (p:FriendPair) ON (p.hi)',
  'CREATE CONSTRAINT friend_request_id IF NOT EXISTS FOR ()-[r:REQUESTED]-() REQUIRE r.id IS UNIQUE',
  'CREATE CONSTRAINT chat_id IF NOT EXISTS FOR (c:Chat) REQUIRE c.id IS UNIQUE',
  // Neo4j outbox: one sequence counter, one lease per namespace, events by seq and by state.
  'CREATE CONSTRAINT outbox_sequence_name IF NOT EXISTS FOR (s:OutboxSequence) REQUIRE s.name IS UNIQUE',
  'CREATE CONSTRAINT outbox_lease_name IF NOT EXISTS FOR (l:OutboxLease) REQUIRE l.name IS UNIQUE',
  'CREATE CONSTRAINT outbox_event_seq IF NOT EXISTS FOR (e:OutboxEvent) REQUIRE e.seq IS UNIQUE',
  'CREATE INDEX outbox_event_pending IF NOT EXISTS FOR (e:OutboxEvent) ON (e.published, e.namespace)',
  'CREATE INDEX outbox_event_published_at IF NOT EXISTS FOR (e:OutboxEvent) ON (e.publishedAt)',
];

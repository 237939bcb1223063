/**
 * Neo4j schema: constraints and indexes, applied by `npx polychat migrate` (idempotent: IF NOT
 * EXISTS). A uniqueness constraint also makes concurrent MERGEs on the same id safe.
 */
export const neo4jSchema: readonly string[] = [
  'CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE',
  'CREATE CONSTRAINT deleted_user_id IF NOT EXISTS FOR (u:DeletedUser) REQUIRE u.id IS UNIQUE',
  'CREATE INDEX user_username IF NOT EXISTS FOR (u:User) ON (u.username)',
];

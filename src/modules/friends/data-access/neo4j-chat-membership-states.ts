import { inject, injectable } from 'inversify';
import neo4j, { type Driver } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../../../platform/neo4j';
import type { ChatSnapshot } from '../../chats';
import type { ChatMembershipStates, IdRange } from '../application/reconciliation-ports';
import type { GraphChatState } from '../domain/snapshots';
import { idFilter } from './neo4j-ranges';

const RETURN_STATE = `RETURN c.id AS id, c.type AS type, c.version AS version,
  COLLECT { MATCH (u:User)-[:MEMBER_OF]->(c) RETURN u.id ORDER BY u.id } AS memberIds
  ORDER BY c.id`;

/**
 * The chat-membership projection for backfill and reconcile. An owner snapshot sets the chat's
 * members to exactly its list, under the same rules as chat events (version guard, placeholder user
 * nodes, tombstoned users skipped), except that an equal version overwrites.
 */
@injectable()
export class Neo4jChatMembershipStates implements ChatMembershipStates {
  constructor(@inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async range(range: IdRange, within?: readonly string[]): Promise<GraphChatState[]> {
    const filter = idFilter('c', range, within);
    return this.read(`MATCH (c:Chat) ${filter.where} ${RETURN_STATE}`, filter.params);
  }

  byIds(ids: readonly string[]): Promise<GraphChatState[]> {
    return this.read(`MATCH (c:Chat) WHERE c.id IN $ids ${RETURN_STATE}`, { ids: [...ids] });
  }

  async apply(chats: readonly ChatSnapshot[]): Promise<void> {
    if (chats.length === 0) return;
    await this.driver.executeQuery(
      `UNWIND $chats AS chat
       MERGE (c:Chat {id: chat.id})
       ON CREATE SET c.version = 0
       WITH c, chat WHERE c.version <= chat.version
       SET c.version = chat.version, c.type = chat.type
       WITH c, chat
       CALL (c, chat) {
         MATCH (u:User)-[m:MEMBER_OF]->(c) WHERE NOT u.id IN chat.memberIds
         DELETE m
       }
       CALL (c, chat) {
         UNWIND chat.memberIds AS userId
         WITH userId WHERE NOT EXISTS { MATCH (:DeletedUser {id: userId}) }
         MERGE (u:User {id: userId})
         MERGE (u)-[:MEMBER_OF]->(c)
       }`,
      {
        chats: chats.map((chat) => ({
          id: chat.id,
          type: chat.type,
          version: neo4j.int(chat.version),
          memberIds: [...chat.memberIds],
        })),
      },
    );
  }

  async forget(chats: readonly GraphChatState[]): Promise<void> {
    await this.driver.executeQuery('UNWIND $ids AS id MATCH (c:Chat {id: id}) DETACH DELETE c', {
      ids: chats.map((chat) => chat.id),
    });
  }

  private async read(query: string, params: Record<string, unknown>): Promise<GraphChatState[]> {
    const { records } = await this.driver.executeQuery(query, params);
    return records.map((record) => ({
      id: record.get('id') as string,
      type: (record.get('type') as string | null) ?? null,
      version: Number(record.get('version') ?? 0),
      memberIds: record.get('memberIds') as string[],
    }));
  }
}

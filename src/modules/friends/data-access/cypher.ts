import type { Record as Neo4jRecord } from 'neo4j-driver';
import type { CursorPosition } from '../domain/cursor';
import type { UserSummary } from '../domain/model';

/** Cypher map projection of a user as the API shows it. */
export const USER_SUMMARY = (variable: string): string => `${variable} {.id, .username, .displayName}`;

/** A live (:User) node: the projection set its version; a bare id is a placeholder from chat events. */
export const LIVE = (variable: string): string => `${variable}.version IS NOT NULL`;

/** Reads a column holding a USER_SUMMARY map. */
export function userOf(record: Neo4jRecord, key: string): UserSummary {
  const value = record.get(key) as { id: string; username: string; displayName: string };
  return { id: value.id, username: value.username, displayName: value.displayName };
}

/** Cursor parameters: absent on the first page. */
export function afterParams(after: CursorPosition | undefined): { afterKey: string | null; afterId: string | null } {
  return { afterKey: after?.key ?? null, afterId: after?.id ?? null };
}

/** WHERE fragment: the row's (key, id) comes after the cursor in ascending order. */
export const AFTER_ASC = (key: string, id: string): string =>
  `($afterKey IS NULL OR ${key} > $afterKey OR (${key} = $afterKey AND ${id} > $afterId))`;

/** WHERE fragment: the row's (key, id) comes after the cursor in descending order. */
export const AFTER_DESC = (key: string, id: string): string =>
  `($afterKey IS NULL OR ${key} < $afterKey OR (${key} = $afterKey AND ${id} < $afterId))`;

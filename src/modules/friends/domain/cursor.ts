import { FriendErrors } from './errors';

/** A position in a listing: the sort key of the last item and its id (the tie-breaker). */
export interface CursorPosition {
  readonly key: string;
  readonly id: string;
}

/** Opaque to clients: base64url of the last item's sort key and id. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor from a client; a 422 naming `cursor` when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw FriendErrors.badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw FriendErrors.badCursor();
  const [key, id] = parsed as unknown[];
  if (typeof key !== 'string' || typeof id !== 'string') throw FriendErrors.badCursor();
  return { key, id };
}

/** Cuts a `limit + 1` fetch into a page; the cursor points after the last item kept. */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (item: T) => CursorPosition,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

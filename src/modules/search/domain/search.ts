import { z } from 'zod';
import { AppError } from '../../../platform/errors';
import { isoDateTime } from '../../../platform/validation';

/** A message as a search result shows it. */
export interface SearchHit {
  readonly messageId: string;
  readonly chatId: string;
  readonly seq: number;
  readonly senderId: string;
  readonly body: string;
  readonly sentAt: string;
  readonly editedAt: string | null;
}

/**
 * Where the next page starts: results run newest first (sentAt desc, then messageId asc). `sentAt`
 * keeps the database's microseconds, so a page boundary never falls between two equal instants.
 */
export interface SearchCursor {
  readonly sentAt: string;
  readonly messageId: string;
}

export const SEARCH_TEXT_MAX = 200;
export const SEARCH_LIMIT_MAX = 50;
export const SEARCH_LIMIT_DEFAULT = 20;

const cursorSchema = z.tuple([isoDateTime(), z.guid()]);

/** The opaque form of a cursor handed to clients (base64url JSON). */
export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.sentAt, cursor.messageId])).toString('base64url');
}

/** Reads a cursor made by `encodeCursor`; undefined for anything else. */
export function decodeCursor(opaque: string): SearchCursor | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(opaque, 'base64url').toString('utf8')));
    return parsed.success ? { sentAt: parsed.data[0], messageId: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

export const SearchErrors = {
  /** What the chats module answers a non-member (docs/decisions/0010): existence is not revealed. */
  chatNotFound: () => new AppError('CHAT.NOT_FOUND', 'no such chat'),
};

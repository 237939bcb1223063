import { z } from 'zod';
import { cursorText } from '../../../platform/http';
import { currentLogContext } from '../../../platform/logger';
import { MAX_PATH_DEPTH } from '../application/find-friend-path';
import type { EventMeta } from '../application/ports';

const userId = z.uuid('not a user id');
const page = {
  cursor: cursorText(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

/** Request bodies, params and queries of the friends and blocks routes (zod: a 422 naming the field). */
export const FriendSchemas = {
  sendBody: z.object({ userId }).strict(),
  userParam: z.object({ userId }),
  requestParam: z.object({ id: z.uuid('not a request id') }),
  page: z.object(page),
  requestsQuery: z.object({ direction: z.enum(['incoming', 'outgoing']).default('incoming'), ...page }),
  suggestionsQuery: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
  pathQuery: z.object({ maxDepth: z.coerce.number().int().min(1).max(MAX_PATH_DEPTH).default(4) }),
};

/** The envelope metadata of a command by `actorId` in the current request. */
export const eventMeta = (actorId: string): EventMeta => ({
  actorId,
  traceId: currentLogContext().requestId ?? null,
});

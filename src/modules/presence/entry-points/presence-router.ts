import { inject, injectable } from 'inversify';
import { z } from 'zod';
import {
  ACCESS_TOKEN_VERIFIER,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { ReadPresence } from '../application/read-presence';
import { PRESENCE_QUERY_MAX } from '../domain/presence';

export const presenceQuery = z.object({
  userIds: z
    .string('give userIds, comma-separated')
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()))].filter(Boolean))
    .pipe(
      z
        .array(z.uuid('not a user id'))
        .min(1, 'give at least one user id')
        .max(PRESENCE_QUERY_MAX, `at most ${PRESENCE_QUERY_MAX} users`),
    )
    .meta({ description: `comma-separated user ids, at most ${PRESENCE_QUERY_MAX}` }),
});

const presenceJson = z.object({
  userId: z.uuid(),
  status: z.enum(['online', 'away', 'offline']),
  lastSeenAt: z.iso.datetime().nullable(),
});

/** GET /v1/presence?userIds=a,b,c: online | away | offline and lastSeenAt, of friends and chat co-members. */
@injectable()
export class PresenceRouter implements HttpRoute {
  readonly path = '/v1/presence';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(ReadPresence) presence: ReadPresence,
  ) {
    this.routes = new RouteTable({ tag: 'Presence', verifier }).get(
      '/',
      {
        summary:
          'Presence of users: online while any device is, away while all are, else offline; users who are neither friends nor chat co-members of the caller read as offline, never seen',
        query: presenceQuery,
        responses: {
          200: { description: 'one entry per user asked', schema: z.object({ presence: z.array(presenceJson) }) },
        },
      },
      async ({ query }, _req, res) => {
        res.json({ presence: await presence.execute(principalOf(res).userId, query.userIds) });
      },
    );
  }
}

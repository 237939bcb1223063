import { inject, injectable } from 'inversify';
import { z } from 'zod';
import {
  ACCESS_TOKEN_VERIFIER,
  encodeOpaqueCursor,
  opaqueCursor,
  principalOf,
  timeAndIdCursor,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { NOTIFICATION_STORE, type NotificationStore } from '../application/ports';
import { NotificationErrors, type Notification } from '../domain/notification';

export const listNotificationsQuery = z.object({
  cursor: opaqueCursor(timeAndIdCursor).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const notificationParams = z.object({ id: z.uuid('not a notification id') });

const cursorOf = (last: Notification): string => encodeOpaqueCursor({ at: last.createdAt, id: last.id });

const notificationJson = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  kind: z.enum(['direct_message', 'mention', 'friend_request', 'friend_accepted']),
  actorId: z.uuid(),
  chatId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  requestId: z.string().nullable(),
  preview: z.string().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});

/** /v1/notifications: the caller's notifications, newest first, and marking one read. */
@injectable()
export class NotificationsRouter implements HttpRoute {
  readonly path = '/v1/notifications';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(NOTIFICATION_STORE) store: NotificationStore,
  ) {
    this.routes = new RouteTable({ tag: 'Notifications', verifier })
      .get(
        '/',
        {
          summary: "The caller's notifications, newest first",
          query: listNotificationsQuery,
          responses: {
            200: {
              description: 'a page; nextCursor is null on the last one',
              schema: z.object({ items: z.array(notificationJson), nextCursor: z.string().nullable() }),
            },
          },
        },
        async ({ query }, _req, res) => {
          const items = await store.list(principalOf(res).userId, query.cursor, query.limit + 1);
          const page = items.slice(0, query.limit);
          const last = page.at(-1);
          res.json({ items: page, nextCursor: items.length > query.limit && last ? cursorOf(last) : null });
        },
      )
      .post(
        '/:id/read',
        {
          summary: "Marks one of the caller's notifications read (idempotent)",
          params: notificationParams,
          responses: { 200: { description: 'the notification', schema: notificationJson } },
          errors: ['NOTIFICATION.NOT_FOUND'],
        },
        async ({ params }, _req, res) => {
          const notification = await store.markRead(principalOf(res).userId, params.id, new Date());
          if (!notification) throw NotificationErrors.notFound();
          res.json(notification);
        },
      );
  }
}

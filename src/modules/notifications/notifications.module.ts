import { ContainerModule } from 'inversify';
import { CONFIG, type Config } from '../../config';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { LOGGER, type Logger } from '../../platform/logger';
import { WS_CONNECTION_LISTENER } from '../../platform/ws';
import { DeliverNotificationsOnConnect } from './application/deliver-on-connect';
import { Notify } from './application/notify';
import { HELD_MESSAGES, NOTIFICATION_STORE, PUSH_PROVIDER, type PushProvider } from './application/ports';
import { MongoHeldMessages } from './data-access/mongo-held-messages';
import { MongoNotificationStore } from './data-access/mongo-notification-store';
import { LogPushProvider, WebhookPushProvider } from './data-access/push-providers';
import { NotificationsRouter } from './entry-points/notifications-router';
import { NotifyOnFriendRequests } from './entry-points/notify-on-friend-requests';
import { NotifyOnMessageSent } from './entry-points/notify-on-message-sent';

/** Notifications for users with no live connection: produced from events, stored in MongoDB, pushed. */
export const notificationsModule = new ContainerModule(({ bind }) => {
  bind(NOTIFICATION_STORE).to(MongoNotificationStore);
  bind(HELD_MESSAGES).to(MongoHeldMessages);
  bind<PushProvider>(PUSH_PROVIDER).toDynamicValue((context) => {
    const config = context.get<Config>(CONFIG);
    const logger = context.get<Logger>(LOGGER);
    if (!config.NOTIFY_WEBHOOK_URL) return new LogPushProvider(logger);
    if (!config.NOTIFY_WEBHOOK_SECRET) throw new Error('NOTIFY_WEBHOOK_SECRET must be set with NOTIFY_WEBHOOK_URL');
    return new WebhookPushProvider(
      {
        url: config.NOTIFY_WEBHOOK_URL,
        secret: config.NOTIFY_WEBHOOK_SECRET,
        attempts: config.NOTIFY_WEBHOOK_ATTEMPTS,
        backoffMs: config.NOTIFY_WEBHOOK_BACKOFF_MS,
        timeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS,
      },
      logger,
    );
  });
  bind(Notify).toSelf();
  for (const handler of [NotifyOnMessageSent, NotifyOnFriendRequests] as const) {
    bind<object>(handler).toSelf();
    bind(STREAM_HANDLER).toService(handler);
  }
  bind(DeliverNotificationsOnConnect).toSelf();
  bind(WS_CONNECTION_LISTENER).toService(DeliverNotificationsOnConnect);
  bind(HTTP_ROUTE).to(NotificationsRouter);
});

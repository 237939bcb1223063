import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import { LIVE_FANOUT, type LiveFanout } from '../../../platform/ws';
import { PRESENCE_STORE, type PresenceStore } from '../../presence';
import { NOTIFICATION_NEW, notificationIdOf, type Notification, type NotificationDraft } from '../domain/notification';
import { NOTIFICATION_STORE, PUSH_PROVIDER, type NotificationStore, type PushProvider } from './ports';

/**
 * Turns drafts into notifications for recipients with no live connection: stored (idempotent by
 * event, recipient and kind), pushed through the provider, and offered live in case the recipient
 * connected meanwhile (they also get every undelivered one when they connect).
 */
@injectable()
export class Notify {
  constructor(
    @inject(NOTIFICATION_STORE) private readonly store: NotificationStore,
    @inject(PUSH_PROVIDER) private readonly push: PushProvider,
    @inject(PRESENCE_STORE) private readonly presence: PresenceStore,
    @inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(drafts: readonly NotificationDraft[], occurredAt: string): Promise<Notification[]> {
    const created: Notification[] = [];
    for (const { sourceEventId, ...draft } of drafts) {
      const [presence] = await this.presence.read([draft.userId]);
      if (presence && presence.status !== 'offline') continue; // they see it live
      const notification: Notification = {
        ...draft,
        id: notificationIdOf({ sourceEventId, userId: draft.userId, kind: draft.kind }),
        createdAt: occurredAt,
        readAt: null,
      };
      if (!(await this.store.add(notification))) continue; // a redelivered event
      created.push(notification);
      await this.push
        .push(notification)
        .catch((error: unknown) =>
          this.logger.error('push delivery failed', { provider: this.push.name, notification: notification.id, error }),
        );
      await this.fanout.toUsers([draft.userId], { type: NOTIFICATION_NEW, payload: notification });
    }
    return created;
  }
}

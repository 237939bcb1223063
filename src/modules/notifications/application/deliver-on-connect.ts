import { inject, injectable } from 'inversify';
import type { WsConnection, WsConnectionListener } from '../../../platform/ws';
import { NOTIFICATION_NEW } from '../domain/notification';
import { NOTIFICATION_STORE, type NotificationStore } from './ports';

const BATCH = 100;
const MAX_ROUNDS = 10;

/** A device that connects gets every notification not yet delivered live, oldest first. */
@injectable()
export class DeliverNotificationsOnConnect implements WsConnectionListener {
  constructor(@inject(NOTIFICATION_STORE) private readonly store: NotificationStore) {}

  async connected(connection: WsConnection): Promise<void> {
    // Bounded, so a store that failed to mark a batch delivered cannot keep a connect looping.
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const pending = await this.store.undelivered(connection.userId, BATCH);
      for (const notification of pending) connection.send({ type: NOTIFICATION_NEW, payload: notification });
      await this.store.markDelivered(
        pending.map((notification) => notification.id),
        new Date(),
      );
      if (pending.length < BATCH) return;
    }
  }

  disconnected(): Promise<void> {
    return Promise.resolve();
  }
}

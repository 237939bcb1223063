import { inject, injectable } from 'inversify';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { NotificationStore } from '../application/ports';
import type { Notification } from '../domain/notification';

interface NotificationDoc extends Omit<Notification, 'id' | 'createdAt' | 'readAt'> {
  _id: string;
  createdAt: Date;
  readAt: Date | null;
  deliveredAt: Date | null;
}

/** Notifications in MongoDB, one document each, keyed by their deterministic id. */
@injectable()
export class MongoNotificationStore implements NotificationStore {
  private readonly notifications: Collection<NotificationDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.notifications = connection.collection<NotificationDoc>('notifications');
  }

  async add(notification: Notification): Promise<boolean> {
    const { id, createdAt, readAt, ...rest } = notification;
    const result = await this.notifications.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          ...rest,
          createdAt: new Date(createdAt),
          readAt: readAt ? new Date(readAt) : null,
          deliveredAt: null,
        },
      },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }

  async list(userId: string, before: { at: string; id: string } | undefined, limit: number): Promise<Notification[]> {
    const filter = before
      ? {
          userId,
          $or: [
            { createdAt: { $lt: new Date(before.at) } },
            { createdAt: new Date(before.at), _id: { $lt: before.id } },
          ],
        }
      : { userId };
    const docs = await this.notifications.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
    return docs.map(toNotification);
  }

  async markRead(userId: string, id: string, at: Date): Promise<Notification | undefined> {
    await this.notifications.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt: at } });
    const doc = await this.notifications.findOne({ _id: id, userId });
    return doc ? toNotification(doc) : undefined;
  }

  async undelivered(userId: string, limit: number): Promise<Notification[]> {
    const docs = await this.notifications
      .find({ userId, deliveredAt: null })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toNotification);
  }

  async markDelivered(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.notifications.updateMany({ _id: { $in: [...ids] }, deliveredAt: null }, { $set: { deliveredAt: at } });
  }
}

function toNotification(doc: NotificationDoc): Notification {
  return {
    id: doc._id,
    userId: doc.userId,
    kind: doc.kind,
    actorId: doc.actorId,
    // A null may come back as a missing field (FerretDB drops nulls set by $setOnInsert).
    chatId: doc.chatId ?? null,
    messageId: doc.messageId ?? null,
    requestId: doc.requestId ?? null,
    preview: doc.preview ?? null,
    createdAt: doc.createdAt.toISOString(),
    readAt: doc.readAt ? doc.readAt.toISOString() : null,
  };
}

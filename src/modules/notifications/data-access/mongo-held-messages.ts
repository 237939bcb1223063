import { inject, injectable } from 'inversify';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { HeldMessage, HeldMessages } from '../application/ports';

interface HeldDoc extends Omit<HeldMessage, 'messageId' | 'mentions'> {
  _id: string;
  mentions?: string[];
}

/** Held sends waiting for moderation (`notification_held_messages`, by message id). */
@injectable()
export class MongoHeldMessages implements HeldMessages {
  private readonly held: Collection<HeldDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.held = connection.collection<HeldDoc>('notification_held_messages');
  }

  async hold(message: HeldMessage): Promise<void> {
    const { messageId, mentions, ...rest } = message;
    await this.held.updateOne(
      { _id: messageId },
      { $setOnInsert: { ...rest, mentions: [...mentions] } },
      { upsert: true },
    );
  }

  async find(messageId: string): Promise<HeldMessage | undefined> {
    const doc = await this.held.findOne({ _id: messageId });
    if (!doc) return undefined;
    const { _id, mentions, ...rest } = doc;
    // An empty list may come back absent (the local server's upsert drops it).
    return { ...rest, mentions: mentions ?? [], messageId: _id };
  }
}

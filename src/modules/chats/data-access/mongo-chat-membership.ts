import { inject, injectable } from 'inversify';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { ChatMembership } from '../application/membership';
import { chatModels, type ChatDoc } from './models';

/** Membership answered from the chats collection (indexed on memberIds). */
@injectable()
export class MongoChatMembership implements ChatMembership {
  private readonly chats: Model<ChatDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.chats = chatModels(connection).chats;
  }

  async chatIdsOf(userId: string): Promise<string[]> {
    const docs = await this.chats.find({ memberIds: userId }, { _id: 1 }).lean();
    return docs.map((doc) => doc._id);
  }

  async isMember(chatId: string, userId: string): Promise<boolean> {
    return (await this.chats.countDocuments({ _id: chatId, memberIds: userId })) > 0;
  }
}

import { inject, injectable } from 'inversify';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { ChatRoleStore } from '../application/ports';

interface ChatRoleDoc {
  _id: string;
  chatId: string;
  userId: string;
  /** null: no longer a member (kept, so an older redelivered event cannot bring the member back). */
  role: string | null;
  /** The chat event version that set it. */
  version: number;
}

const idOf = (chatId: string, userId: string) => `${chatId}:${userId}`;

/** Chat members' roles as moderation sees them (`moderation_chat_roles`, by `_id` chatId:userId). */
@injectable()
export class MongoChatRoleStore implements ChatRoleStore {
  private readonly roles: Collection<ChatRoleDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.roles = connection.collection<ChatRoleDoc>('moderation_chat_roles');
  }

  async roleOf(chatId: string, userId: string): Promise<string | null> {
    const doc = await this.roles.findOne({ _id: idOf(chatId, userId) });
    return doc?.role ?? null;
  }

  async apply(chatId: string, changes: readonly { userId: string; role: string | null }[], version: number) {
    for (const { userId, role } of changes) {
      const _id = idOf(chatId, userId);
      // Applied only over an older version: redelivered and out-of-date events change nothing.
      await this.roles
        .updateOne({ _id, version: { $lt: version } }, { $set: { chatId, userId, role, version } }, { upsert: true })
        .catch((error: unknown) => {
          // The upsert of a document that exists with a newer version collides on _id: nothing to do.
          if ((error as { code?: number }).code !== 11000) throw error;
        });
    }
  }
}

import { inject, injectable } from 'inversify';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { ChatPolicyStore } from '../application/ports';
import { policyModeSchema, type PolicyMode } from '../domain/policy';

interface ChatPolicyDoc {
  _id: string;
  mode: PolicyMode;
  setBy: string;
  setAt: Date;
}

/** Per-chat overrides in MongoDB (`moderation_chat_policies`), one document per chat, by `_id`. */
@injectable()
export class MongoChatPolicyStore implements ChatPolicyStore {
  private readonly policies: Collection<ChatPolicyDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.policies = connection.collection<ChatPolicyDoc>('moderation_chat_policies');
  }

  async get(chatId: string): Promise<PolicyMode | undefined> {
    const doc = await this.policies.findOne({ _id: chatId });
    const parsed = policyModeSchema.safeParse(doc?.mode);
    return parsed.success ? parsed.data : undefined;
  }

  async set(chatId: string, mode: PolicyMode | null, actorId: string): Promise<void> {
    if (mode === null) {
      await this.policies.deleteOne({ _id: chatId });
      return;
    }
    await this.policies.updateOne(
      { _id: chatId },
      { $set: { mode, setBy: actorId, setAt: new Date() } },
      { upsert: true },
    );
  }
}

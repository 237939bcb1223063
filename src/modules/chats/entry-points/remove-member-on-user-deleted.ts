import { inject, injectable } from 'inversify';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { USERS_TOPIC, UserEventTypes } from '../../users';
import { removal } from '../application/remove-member';
import { CHAT_STORE, type ChatStore } from '../application/ports';

/**
 * Account deletion reaches chats: the user leaves every chat (ownership handed on); their messages
 * stay, shown as from a deleted user. Idempotent: a chat they already left is skipped.
 */
@injectable()
export class RemoveMemberOnUserDeleted implements StreamHandler {
  readonly name = 'chats.remove-member-on-user-deleted';
  readonly topics = [USERS_TOPIC];
  readonly eventTypes = [UserEventTypes.deleted];

  constructor(@inject(CHAT_STORE) private readonly chats: ChatStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    const userId = event.aggregateId;
    const ctx = { actorId: userId, traceId: event.traceId };
    for (const chatId of await this.chats.chatIdsOf(userId)) {
      await this.chats.change(chatId, [userId], (chat, members) =>
        members.of(userId) ? removal(chat, members, userId, 'account_deleted', ctx) : undefined,
      );
    }
  }
}

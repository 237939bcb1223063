import { inject, injectable } from 'inversify';
import { z } from 'zod';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import { CHATS_TOPIC, ChatEventTypes } from '../../chats';
import { CHAT_ROLE_STORE, type ChatRoleStore } from '../application/ports';

const created = z.object({ members: z.array(z.object({ userId: z.string(), role: z.string() })) });
const added = z.object({ userIds: z.array(z.string()) });
const removed = z.object({ userId: z.string() });
const roleChanged = z.object({ userId: z.string(), role: z.string() });

/**
 * Who may set a chat's moderation policy: its owners and admins (docs/decisions/0043). Moderation
 * keeps its own copy of the members' roles from the chat events (the chats module's membership
 * port has no roles), per member, by the chat event version.
 */
@injectable()
export class ProjectChatRolesOnChatEvents implements StreamHandler {
  readonly name = 'moderation.chat-roles';
  readonly topics = [CHATS_TOPIC];
  readonly eventTypes = [
    ChatEventTypes.created,
    ChatEventTypes.membersAdded,
    ChatEventTypes.memberRemoved,
    ChatEventTypes.memberRoleChanged,
  ];

  constructor(@inject(CHAT_ROLE_STORE) private readonly roles: ChatRoleStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    const chatId = event.aggregateId;
    switch (event.type) {
      case ChatEventTypes.created:
        return this.roles.apply(chatId, created.parse(event.payload).members, event.version);
      case ChatEventTypes.membersAdded:
        return this.roles.apply(
          chatId,
          added.parse(event.payload).userIds.map((userId) => ({ userId, role: 'member' })),
          event.version,
        );
      case ChatEventTypes.memberRemoved:
        return this.roles.apply(chatId, [{ userId: removed.parse(event.payload).userId, role: null }], event.version);
      case ChatEventTypes.memberRoleChanged:
        return this.roles.apply(chatId, [roleChanged.parse(event.payload)], event.version);
      default:
        return undefined;
    }
  }
}

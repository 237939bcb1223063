import { inject, injectable } from 'inversify';
import type { EventEnvelope, StreamHandler } from '../../../platform/kafka';
import {
  CHATS_TOPIC,
  ChatEventTypes,
  type ChatCreatedPayload,
  type MemberRemovedPayload,
  type MembersAddedPayload,
} from '../../chats';
import { Neo4jChatMembership, type MembershipChange } from '../data-access/neo4j-chat-membership';

/** What a chat event means to the membership edges; undefined for events that do not touch them. */
function membershipChange(event: EventEnvelope): MembershipChange | undefined {
  const base = { chatId: event.aggregateId, version: event.version, add: [], remove: [] };
  switch (event.type) {
    case ChatEventTypes.created: {
      const payload = event.payload as ChatCreatedPayload;
      return { ...base, chatType: payload.chatType, add: payload.members.map((member) => member.userId) };
    }
    case ChatEventTypes.membersAdded:
      return { ...base, add: (event.payload as MembersAddedPayload).userIds };
    case ChatEventTypes.memberRemoved:
      return { ...base, remove: [(event.payload as MemberRemovedPayload).userId] };
    default:
      return undefined;
  }
}

/** Keeps `(:User)-[:MEMBER_OF]->(:Chat {id, type})` in step with chat events (group chats feed suggestions). */
@injectable()
export class ProjectChatMembershipOnChatEvents implements StreamHandler {
  readonly name = 'friends.project-chat-membership';
  readonly topics = [CHATS_TOPIC];
  readonly eventTypes = [ChatEventTypes.created, ChatEventTypes.membersAdded, ChatEventTypes.memberRemoved];

  constructor(@inject(Neo4jChatMembership) private readonly membership: Neo4jChatMembership) {}

  async handle(event: EventEnvelope): Promise<void> {
    const change = membershipChange(event);
    if (change) await this.membership.apply(change);
  }
}

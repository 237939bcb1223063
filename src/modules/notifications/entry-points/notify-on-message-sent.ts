import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { isImported, type EventEnvelope, type StreamHandler } from '../../../platform/kafka';
import { CHAT_MEMBERSHIP, MESSAGES_TOPIC, MessageEventTypes, type ChatMembership } from '../../chats';
import { Notify } from '../application/notify';
import { PREVIEW_LENGTH, type NotificationDraft } from '../domain/notification';

const sentPayload = z.object({
  messageId: z.string(),
  chatId: z.string(),
  senderId: z.string(),
  body: z.string(),
  mentions: z.array(z.string()),
  chatType: z.enum(['direct', 'group']).optional(),
});

/**
 * A direct message notifies the other member, a mention each mentioned member (once, as a
 * mention, even in a direct chat) — when they have no live connection. Events say their chat's
 * type, so a group message without mentions costs no read.
 */
@injectable()
export class NotifyOnMessageSent implements StreamHandler {
  readonly name = 'notifications.message-sent';
  readonly topics = [MESSAGES_TOPIC];
  readonly eventTypes = [MessageEventTypes.sent];

  constructor(
    @inject(CHAT_MEMBERSHIP) private readonly membership: ChatMembership,
    @inject(Notify) private readonly notify: Notify,
  ) {}

  /** A consumed batch: imported history is skipped in bulk; live messages are handled one by one. */
  async handleBatch(events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) if (!isImported(event)) await this.handle(event);
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (isImported(event)) return; // history from a dataset import: nobody is told
    const message = sentPayload.parse(event.payload);
    // A group message that mentions nobody notifies nobody: no need to read the chat (most sends).
    if (message.chatType === 'group' && message.mentions.length === 0) return;
    const chat = await this.membership.membersOf(message.chatId);
    if (!chat) return; // the chat is gone
    const members = new Set(chat.memberIds);
    const recipients = new Map<string, NotificationDraft['kind']>();
    if (chat.type === 'direct') {
      for (const id of members) if (id !== message.senderId) recipients.set(id, 'direct_message');
    }
    for (const id of message.mentions) if (members.has(id) && id !== message.senderId) recipients.set(id, 'mention');
    const drafts = [...recipients].map(([userId, kind]): NotificationDraft => ({
      userId,
      kind,
      actorId: message.senderId,
      chatId: message.chatId,
      messageId: message.messageId,
      requestId: null,
      preview: message.body.slice(0, PREVIEW_LENGTH),
      sourceEventId: event.id,
    }));
    await this.notify.execute(drafts, event.occurredAt);
  }
}

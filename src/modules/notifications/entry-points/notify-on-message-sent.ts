import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { isImported, type EventEnvelope, type StreamHandler } from '../../../platform/kafka';
import { CHAT_MEMBERSHIP, MESSAGES_TOPIC, MessageEventTypes, type ChatMembership } from '../../chats';
import { HELD_MESSAGES, type HeldMessage, type HeldMessages } from '../application/ports';
import { Notify } from '../application/notify';
import { PREVIEW_LENGTH, type NotificationDraft } from '../domain/notification';

const sentPayload = z.object({
  messageId: z.string(),
  chatId: z.string(),
  senderId: z.string(),
  body: z.string(),
  mentions: z.array(z.string()),
  chatType: z.enum(['direct', 'group']).optional(),
  moderation: z.object({ verdict: z.string() }).optional(),
});
const releasedPayload = z.object({ messageId: z.string(), body: z.string(), released: z.literal(true).optional() });

/**
 * A direct message notifies the other member, a mention each mentioned member (once, as a
 * mention, even in a direct chat) — when they have no live connection. Events say their chat's
 * type, so a group message without mentions costs no read. A message moderation holds notifies
 * nobody while held (its body is withheld); its release (a `message.edited` with `released: true`,
 * docs/decisions/0038) notifies as the send would have, with the released text.
 */
@injectable()
export class NotifyOnMessageSent implements StreamHandler {
  readonly name = 'notifications.message-sent';
  readonly topics = [MESSAGES_TOPIC];
  readonly eventTypes = [MessageEventTypes.sent, MessageEventTypes.edited];

  constructor(
    @inject(CHAT_MEMBERSHIP) private readonly membership: ChatMembership,
    @inject(Notify) private readonly notify: Notify,
    @inject(HELD_MESSAGES) private readonly held: HeldMessages,
  ) {}

  /** A consumed batch: imported history is skipped in bulk; live messages are handled one by one. */
  async handleBatch(events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) if (!isImported(event)) await this.handle(event);
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (isImported(event)) return; // history from a dataset import: nobody is told
    if (event.type === MessageEventTypes.edited) return this.onReleased(event);
    if (event.type !== MessageEventTypes.sent) return;
    const message = sentPayload.parse(event.payload);
    // A group message that mentions nobody notifies nobody, now or on its release: no need to read
    // the chat (most sends).
    if (message.chatType === 'group' && message.mentions.length === 0) return;
    if (message.moderation?.verdict === 'hold') {
      const { messageId, chatId, senderId, mentions } = message;
      await this.held.hold({ messageId, chatId, senderId, mentions });
      return;
    }
    await this.send(event, message, message.body);
  }

  private async onReleased(event: EventEnvelope): Promise<void> {
    const edit = releasedPayload.parse(event.payload);
    if (!edit.released) return; // an ordinary edit notifies nobody
    const message = await this.held.find(edit.messageId);
    if (message) await this.send(event, message, edit.body);
  }

  private async send(event: EventEnvelope, message: HeldMessage, body: string): Promise<void> {
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
      preview: body.slice(0, PREVIEW_LENGTH),
      sourceEventId: event.id,
    }));
    await this.notify.execute(drafts, event.occurredAt);
  }
}

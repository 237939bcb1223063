import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { isImported, type EventEnvelope, type StreamHandler } from '../../../platform/kafka';
import { MESSAGES_TOPIC, MessageEventTypes } from '../../chats';
import { REVIEW_STORE, type ReviewStore } from '../application/ports';

const moderation = z.object({
  verdict: z.enum(['flag', 'hold']),
  scores: z.record(z.string(), z.number()),
  models: z.array(z.string()),
  // Events from before the abuse model carry no reasons: their verdict was the spam model's.
  reasons: z.array(z.string()).default(['spam']),
  policy: z.string(),
  heldBody: z.string().optional(),
});
const payload = z.object({
  messageId: z.string(),
  chatId: z.string(),
  seq: z.number().int(),
  senderId: z.string().optional(),
  body: z.string(),
  moderation: moderation.optional(),
});

/**
 * Flags are events on the log: a message.sent or message.edited event whose payload carries a flag
 * or hold verdict becomes a pending review entry, keyed by the event id (idempotent).
 */
@injectable()
export class QueueForReviewOnMessageEvents implements StreamHandler {
  readonly name = 'moderation.review-queue';
  readonly topics = [MESSAGES_TOPIC];
  readonly eventTypes = [MessageEventTypes.sent, MessageEventTypes.edited];

  constructor(@inject(REVIEW_STORE) private readonly reviews: ReviewStore) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (isImported(event)) return;
    const message = payload.parse(event.payload);
    if (!message.moderation) return;
    await this.reviews.add({
      id: event.id,
      messageId: message.messageId,
      chatId: message.chatId,
      seq: message.seq,
      senderId: message.senderId ?? event.actorId ?? '',
      kind: event.type === MessageEventTypes.sent ? 'send' : 'edit',
      text: message.moderation.heldBody ?? message.body,
      verdict: message.moderation.verdict,
      scores: message.moderation.scores,
      models: message.moderation.models,
      reasons: message.moderation.reasons,
      policy: message.moderation.policy,
      createdAt: event.occurredAt,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
    });
  }
}

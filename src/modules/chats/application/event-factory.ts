import type { EnvelopeMetadata } from '../../../platform/kafka';
import { createEnvelope } from '../../../platform/kafka';
import type { PendingEvent } from '../../../platform/outbox';
import {
  CHATS_TOPIC,
  MessageEventTypes,
  MESSAGES_TOPIC,
  type ChatType,
  type MessageModerationFacts,
  type MessageSentPayload,
} from '../domain/events';
import { sentEventIdOf, type Message } from '../domain/message';

/** Context every event of a request carries. */
export interface EventContext {
  readonly actorId: string | null;
  readonly traceId: string | null;
  /** Set on imported events (history: notify nobody). */
  readonly metadata?: EnvelopeMetadata;
}

/** A chat event at the chat's new version. */
export function chatEvent(
  type: string,
  chatId: string,
  version: number,
  payload: unknown,
  ctx: EventContext,
): PendingEvent {
  return { topic: CHATS_TOPIC, envelope: createEnvelope({ type, aggregateId: chatId, version, payload, ...ctx }) };
}

/** A message event, keyed by its chat; `version` is the message's own version. */
export function messageEvent(
  type: string,
  message: Message,
  version: number,
  payload: unknown,
  ctx: EventContext,
): PendingEvent {
  return {
    topic: MESSAGES_TOPIC,
    envelope: createEnvelope({ type, aggregateId: message.chatId, version, payload, ...ctx }),
  };
}

/**
 * A live send's `message.sent`: a function of the stored message (its id derived from the message's,
 * occurred when it was created) plus the moderation facts, if any. Without facts, the store can
 * derive the very same event from the stored message alone, so such a message is stored without
 * pending outbox state (docs/decisions/0060).
 */
export function sentEvent(
  message: Message,
  chatType: ChatType,
  ctx: EventContext,
  moderation?: MessageModerationFacts,
): PendingEvent {
  const payload: MessageSentPayload = {
    messageId: message.id,
    chatId: message.chatId,
    seq: message.seq,
    senderId: message.senderId,
    clientMsgId: message.clientMsgId,
    body: message.body ?? '',
    mentions: message.mentions,
    replyTo: message.replyTo,
    sentAt: message.createdAt,
    chatType,
    ...(moderation ? { moderation } : {}),
  };
  const event = messageEvent(MessageEventTypes.sent, message, 1, payload, ctx);
  return { ...event, envelope: { ...event.envelope, id: sentEventIdOf(message.id), occurredAt: message.createdAt } };
}

/** True when `events` are exactly what `sentEvent` derives from the stored message alone. */
export function derivableFromMessage(events: readonly PendingEvent[]): boolean {
  const [only] = events;
  return (
    events.length === 1 &&
    only !== undefined &&
    only.envelope.type === MessageEventTypes.sent &&
    (only.envelope.payload as MessageSentPayload).moderation === undefined &&
    only.envelope.id === sentEventIdOf((only.envelope.payload as MessageSentPayload).messageId)
  );
}

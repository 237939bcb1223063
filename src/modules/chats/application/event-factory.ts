import type { EnvelopeMetadata } from '../../../platform/kafka';
import { createEnvelope } from '../../../platform/kafka';
import type { PendingEvent } from '../../../platform/outbox';
import { CHATS_TOPIC, MESSAGES_TOPIC } from '../domain/events';
import type { Message } from '../domain/message';

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

// Shared by the analytics integration suites (this file holds no tests).
import { randomUUID } from 'node:crypto';
import { createEnvelope, EVENT_PUBLISHER, type EventEnvelope, type EventPublisher } from '../../platform/kafka';
import type { TestApp, TestResponse } from '../../testing/app';
import { MESSAGES_TOPIC, MessageEventTypes, type MessageSentPayload } from '../chats';
import { USERS_TOPIC, UserEventTypes } from '../users';

/** A message.sent as the chats outbox would publish it. */
export function sentEvent(chatId: string, senderId: string, sentAt: string, messageId: string = randomUUID()) {
  return createEnvelope<MessageSentPayload>({
    type: MessageEventTypes.sent,
    aggregateId: chatId,
    version: 1,
    payload: { messageId, chatId, seq: 1, senderId, body: 'hi', mentions: [], replyTo: null, sentAt },
  });
}

/** A user.registered (occurredAt = the registration time, as an import dates it) or user.deleted. */
export function userEvent(type: 'registered' | 'deleted', userId: string, at: string, version = 1): EventEnvelope {
  const event = createEnvelope({
    type: type === 'registered' ? UserEventTypes.registered : UserEventTypes.deleted,
    aggregateId: userId,
    version,
    payload: type === 'registered' ? { username: `u${userId.slice(0, 8)}`, displayName: 'Someone' } : {},
  });
  return { ...event, occurredAt: at };
}

export function publish(app: TestApp, topic: typeof MESSAGES_TOPIC | typeof USERS_TOPIC, events: EventEnvelope[]) {
  return app.booted.container.get<EventPublisher>(EVENT_PUBLISHER).publish(
    topic,
    events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
  );
}

export interface ErrorBody {
  error: { code: string; details?: { fields?: { field: string; reason: string }[] } };
}

/** The fields a 422 names. */
export const fieldsOf = (res: TestResponse<unknown>): string[] =>
  ((res.body as ErrorBody).error.details?.fields ?? []).map((field) => field.field).sort();

/** Counts of `keys`, as a plain object sorted by key. */
export function tally(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of [...keys].sort()) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

// Shared fixtures of the search integration suites.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createEnvelope, EVENT_PUBLISHER, type EventEnvelope, type EventPublisher } from '../platform/kafka';
import { PG_POOL } from '../platform/postgres';
import type { TestApp, TestResponse } from './app';
import { groupChat } from './chats';
import type { RegisteredUser } from './users';
import {
  MESSAGES_TOPIC,
  MessageEventTypes,
  type MessageDeletedPayload,
  type MessageEditedPayload,
  type MessageSentPayload,
} from '../modules/chats';
import type { SearchHit } from '../modules/search';

export interface Page {
  items: SearchHit[];
  nextCursor: string | null;
}

/** A word no other message contains. */
export const uniqueWord = (): string => `w${randomBytes(6).toString('hex')}`;
/** An ISO instant `msAgo` milliseconds ago. */
export const instant = (msAgo = 0): string => new Date(Date.now() - msAgo).toISOString();

export const sentEvent = (chatId: string, senderId: string, body: string, seq = 1, sentAt = instant()) =>
  createEnvelope<MessageSentPayload>({
    type: MessageEventTypes.sent,
    aggregateId: chatId,
    version: seq,
    payload: { messageId: randomUUID(), chatId, seq, senderId, body, mentions: [], replyTo: null, sentAt },
  });
export const editedEvent = (of: MessageSentPayload, body: string, editedAt = instant()) =>
  createEnvelope<MessageEditedPayload>({
    type: MessageEventTypes.edited,
    aggregateId: of.chatId,
    version: of.seq + 1,
    payload: { messageId: of.messageId, chatId: of.chatId, seq: of.seq, body, editedAt },
  });
export const deletedEvent = (of: MessageSentPayload, deletedAt = instant()) =>
  createEnvelope<MessageDeletedPayload>({
    type: MessageEventTypes.deleted,
    aggregateId: of.chatId,
    version: of.seq + 2,
    payload: { messageId: of.messageId, chatId: of.chatId, seq: of.seq, deletedAt },
  });

/** The search result a sent message should give. */
export const hitOf = (sent: MessageSentPayload, body = sent.body, editedAt: string | null = null): SearchHit => ({
  messageId: sent.messageId,
  chatId: sent.chatId,
  seq: sent.seq,
  senderId: sent.senderId,
  body,
  sentAt: sent.sentAt,
  editedAt,
});

/** Chats, events and queries of one suite; `cleanup` removes its index rows. */
export class SearchFixture {
  private readonly chatIds: string[] = [];

  constructor(readonly app: TestApp) {}

  search(user: RegisteredUser | undefined, params: Record<string, string>): Promise<TestResponse<Page>> {
    const query = new URLSearchParams(params).toString();
    return this.app.request<Page>('GET', `/v1/search/messages?${query}`, { token: user?.accessToken });
  }

  /** The caller's hits for `q` (one page of the default size); asserts a 200. */
  async found(user: RegisteredUser, q: string, chatId?: string): Promise<SearchHit[]> {
    const res = await this.search(user, chatId ? { q, chatId } : { q });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items;
  }

  /** A group chat created through the chats API, owned by `owner`; its index rows go in `cleanup`. */
  async createChat(owner: RegisteredUser, ...members: RegisteredUser[]): Promise<string> {
    const chat = await groupChat(this.app, owner, members, 'search test');
    this.chatIds.push(chat.id);
    return chat.id;
  }

  /** Publishes envelopes to the real messages topic, keyed by chat like the chats outbox does. */
  publish(...events: EventEnvelope[]): Promise<void> {
    const records = events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) }));
    return this.app.booted.container.get<EventPublisher>(EVENT_PUBLISHER).publish(MESSAGES_TOPIC, records);
  }

  /** The stored index row of a message, as PostgreSQL has it. */
  async row(messageId: string): Promise<Record<string, unknown>[]> {
    const { rows } = await this.pool().query<Record<string, unknown>>(
      'SELECT chat_id, seq, sender_id, body, sent_at, edited_at, deleted_at FROM message_search WHERE message_id = $1',
      [messageId],
    );
    return rows;
  }

  /** Removes this suite's rows from the search index (the chats stay, like other suites' data). */
  async cleanup(): Promise<void> {
    await this.pool().query('DELETE FROM message_search WHERE chat_id = ANY($1::uuid[])', [this.chatIds]);
  }

  private pool(): Pool {
    return this.app.booted.container.get<Pool>(PG_POOL);
  }
}

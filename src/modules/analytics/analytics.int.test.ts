import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ZodError } from 'zod';
import type { Booted } from '../../bootstrap';
import { createEnvelope, EVENT_PUBLISHER, type EventEnvelope, type EventPublisher } from '../../platform/kafka';
import { PG_POOL } from '../../platform/postgres';
import { startWorker } from '../../roles/worker';
import { eventually } from '../../testing/app';
import { bootForTest } from '../../testing/boot';
import { MESSAGES_TOPIC, MessageEventTypes, type MessageSentPayload } from '../chats';
import { CountMessagesPerDayOnMessageSent, MessagesPerDay, type DailyMessageCount } from './index';

const sent = (chatId: string, sentAt: string) => {
  const messageId = randomUUID();
  return createEnvelope<MessageSentPayload>({
    type: MessageEventTypes.sent,
    aggregateId: chatId,
    version: 1,
    payload: { messageId, chatId, seq: 1, senderId: randomUUID(), body: 'hi', mentions: [], replyTo: null, sentAt },
  });
};

/** Instants and the UTC day each falls on, worked out by hand (not by the code under test). */
const INSTANTS: readonly (readonly [string, string])[] = [
  ['2021-03-01T00:00:00.000Z', '2021-03-01'],
  ['2021-03-01T12:00:00Z', '2021-03-01'],
  ['2021-03-01T23:59:59.999Z', '2021-03-01'],
  ['2021-03-02T00:00:00.000Z', '2021-03-02'],
  ['2021-03-03T01:30:00+02:00', '2021-03-02'],
  ['2021-03-02T09:15:00.123456Z', '2021-03-02'],
  ['2021-03-03T00:00:00+00:00', '2021-03-03'],
  ['2021-03-03T23:59:59Z', '2021-03-03'],
  ['2021-03-02T23:00:00-05:00', '2021-03-03'],
];

describe('analytics: messages per chat and UTC day (integration)', function () {
  this.timeout(120_000);
  let booted: Booted;
  let pool: Pool;
  const chatIds: string[] = [];
  const eventIds: string[] = [];

  const newChat = (): string => {
    const id = randomUUID();
    chatIds.push(id);
    return id;
  };
  const processed = async (ids: readonly string[]): Promise<number> => {
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM analytics_processed_events WHERE handler = $1 AND event_id = ANY($2::uuid[])',
      ['analytics.count-messages-per-day', ids],
    );
    return Number(rows[0]?.n);
  };

  before(async () => {
    booted = await bootForTest();
    pool = booted.container.get<Pool>(PG_POOL);
    await startWorker(booted);
  });
  after(async () => {
    try {
      await pool.query('DELETE FROM message_counts_daily WHERE chat_id = ANY($1::uuid[])', [chatIds]);
      await pool.query('DELETE FROM analytics_processed_events WHERE event_id = ANY($1::uuid[])', [eventIds]);
    } finally {
      await booted.stop();
    }
  });

  it('counts events over 3 days across 2 chats exactly, through Kafka, with duplicates and edits', async () => {
    const [x, y] = [newChat(), newChat()];
    const events = Array.from({ length: 23 }, (_, i) => {
      const [instant, day] = INSTANTS[(i * 4) % INSTANTS.length]!; // 4 and 9 are coprime: every instant is used
      return { event: sent(i % 3 === 0 ? y : x, instant), day };
    });
    const expected = new Map<string, number>();
    for (const { event, day } of events) {
      const key = `${event.aggregateId}|${day}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    // Every event, each one followed by a redelivery of the one before, plus an edit and a deletion;
    // then one last event per chat: once those two are counted, everything before them was handled.
    const records: EventEnvelope[] = [];
    events.forEach(({ event }, i) => records.push(event, events[Math.max(0, i - 1)]!.event));
    const { messageId, chatId, seq } = events[0]!.event.payload;
    records.push(
      createEnvelope({
        type: MessageEventTypes.edited,
        aggregateId: chatId,
        payload: { messageId, chatId, seq, body: 'edited', editedAt: '2021-03-04T00:00:00Z' },
      }),
      createEnvelope({
        type: MessageEventTypes.deleted,
        aggregateId: chatId,
        payload: { messageId, chatId, seq, deletedAt: '2021-03-04T00:00:01Z' },
      }),
    );
    const closing = [sent(x, '2021-03-03T10:00:00Z'), sent(y, '2021-03-03T10:00:00Z')];
    for (const chat of [x, y]) expected.set(`${chat}|2021-03-03`, (expected.get(`${chat}|2021-03-03`) ?? 0) + 1);
    records.push(...closing);
    eventIds.push(...records.map((record) => record.id));
    await booted.container.get<EventPublisher>(EVENT_PUBLISHER).publish(
      MESSAGES_TOPIC,
      records.map((record) => ({ key: record.aggregateId, value: JSON.stringify(record) })),
    );

    const sentIds = [...events.map(({ event }) => event.id), ...closing.map((event) => event.id)];
    await eventually(
      'every sent event counted',
      () => processed(sentIds),
      (n) => n === sentIds.length,
      30_000,
    );
    const rowsOf = (chatId?: string): DailyMessageCount[] =>
      [...expected.entries()]
        .map(([key, count]) => ({ chatId: key.split('|')[0]!, day: key.split('|')[1]!, count }))
        .filter((row) => !chatId || row.chatId === chatId)
        .sort((a, b) => a.day.localeCompare(b.day) || (a.chatId < b.chatId ? -1 : 1));
    const perDay = booted.container.get(MessagesPerDay);
    const range = { from: '2021-03-01', to: '2021-03-03' };
    assert.deepEqual(await perDay.execute({ ...range, chatId: x }), rowsOf(x));
    assert.deepEqual(await perDay.execute({ ...range, chatId: y }), rowsOf(y));
    const both = (await perDay.execute(range)).filter((row) => chatIds.includes(row.chatId));
    assert.deepEqual(both, rowsOf());
    assert.equal(
      both.reduce((sum, row) => sum + row.count, 0),
      events.length + closing.length,
    );
    const middle = (await perDay.execute({ from: '2021-03-02', to: '2021-03-02' })).filter((row) =>
      chatIds.includes(row.chatId),
    );
    assert.deepEqual(
      middle,
      rowsOf().filter((row) => row.day === '2021-03-02'),
    );
    assert.equal(
      await processed(records.map((record) => record.id)),
      sentIds.length,
      'edits and deletions are not counted',
    );
  });

  it('counts an event once when the handler gets it again, also when deliveries race', async () => {
    const handler = booted.container.get(CountMessagesPerDayOnMessageSent);
    const chat = newChat();
    const [once, raced, other] = [0, 1, 2].map(() => sent(chat, '2021-04-05T06:07:08Z'));
    eventIds.push(once!.id, raced!.id, other!.id);
    await handler.handle(once!);
    await handler.handle(once!);
    await Promise.all(Array.from({ length: 6 }, () => handler.handle(raced!)));
    await handler.handle(other!);
    const rows = await booted.container
      .get(MessagesPerDay)
      .execute({ from: '2021-04-05', to: '2021-04-05', chatId: chat });
    assert.deepEqual(rows, [{ chatId: chat, day: '2021-04-05', count: 3 }]);
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const perDay = booted.container.get(MessagesPerDay);
    await assert.rejects(perDay.execute({ from: '2021-03-03', to: '2021-03-01' }), (error: unknown) => {
      assert.ok(error instanceof ZodError);
      assert.deepEqual(error.issues[0]?.path, ['from']);
      return true;
    });
  });
});

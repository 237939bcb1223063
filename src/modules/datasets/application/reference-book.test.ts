import assert from 'node:assert/strict';
import type { DatasetMessage } from './records';
import { parseLine } from './parse-line';
import { ChatBook, MessageBook } from './reference-book';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = '2026-01-05T00:00:00.000Z';

describe('dataset records', () => {
  it('parses a message with defaults and says which field is wrong', () => {
    const ok = parseLine(
      'messages',
      JSON.stringify({
        id: id(1),
        chatId: id(2),
        seq: 1,
        senderId: id(3),
        body: ' hi ',
        createdAt: '2026-01-05T01:00:00+01:00',
      }),
      1,
    );
    assert.equal(ok.kind, 'record');
    if (ok.kind !== 'record') return;
    assert.deepEqual(
      {
        body: ok.record.body,
        clientMsgId: ok.record.clientMsgId,
        mentions: ok.record.mentions,
        createdAt: ok.record.createdAt,
      },
      { body: 'hi', clientMsgId: id(1), mentions: [], createdAt: at },
    );
    const bad = parseLine(
      'messages',
      JSON.stringify({ id: id(1), chatId: id(2), seq: 0, senderId: id(3), body: 'x', createdAt: at }),
      7,
    );
    assert.equal(bad.kind, 'reject');
    if (bad.kind === 'reject')
      assert.deepEqual([bad.reject.line, bad.reject.reason, bad.reject.field], [7, 'invalid_record', 'seq']);
    const deletedWithBody = parseLine(
      'messages',
      JSON.stringify({ id: id(1), chatId: id(2), seq: 1, senderId: id(3), body: 'x', createdAt: at, deletedAt: at }),
      1,
    );
    assert.equal(deletedWithBody.kind === 'reject' && deletedWithBody.reject.field, 'body');
    assert.equal(parseLine('users', '[1]', 1).kind, 'reject');
    assert.equal(parseLine('users', '   ', 1).kind, 'blank');
  });

  it('checks replies against every message of the chat, whatever the order of the file', () => {
    const users = new Set([id(10), id(11)]);
    const chats = new ChatBook(users);
    for (const chat of [id(1), id(2)])
      chats.check(
        {
          id: chat,
          type: 'group',
          title: 't',
          createdAt: at,
          members: [{ userId: id(10), role: 'owner', joinedAt: at, lastReadSeq: 0 }],
        },
        1,
        '',
      );
    const message = (n: number, chatId: string, seq: number, replyTo: string | null): DatasetMessage => ({
      id: id(n),
      chatId,
      seq,
      senderId: id(10),
      clientMsgId: `c${n}`,
      body: 'x',
      mentions: [],
      replyTo,
      reactions: [],
      createdAt: at,
      editedAt: null,
      deletedAt: null,
    });
    const file = [message(100, id(1), 2, id(101)), message(101, id(1), 1, null), message(102, id(2), 1, id(101))];
    const first = new MessageBook(chats.chats, users);
    file.forEach((m, i) => first.check(m, i + 1, ''));
    const second = new MessageBook(chats.chats, users, first.ids);
    const verdicts = file.map((m, i) => second.check(m, i + 1, '')?.field);
    assert.deepEqual(verdicts, [undefined, undefined, 'replyTo']);
  });
});

import assert from 'node:assert/strict';
import { CatchUpLedger, syncChats } from './catch-up';
import type { ClientPayloads, Message, ServerPayloads } from './frames';

const message = (chatId: string, seq: number): Message => ({
  id: `${chatId}-${seq}`,
  chatId,
  seq,
  senderId: 'u',
  clientMsgId: `c${seq}`,
  body: `m${seq}`,
  mentions: [],
  replyTo: null,
  reactions: [],
  createdAt: new Date(0).toISOString(),
  editedAt: null,
  deletedAt: null,
});

describe('CatchUpLedger', () => {
  it('advances over contiguous seqs and drops what it has seen, by seq and by id', () => {
    const ledger = new CatchUpLedger();
    ledger.track('a', 3);
    assert.deepEqual(ledger.accept(message('a', 4)), { fresh: true, gap: false });
    assert.deepEqual(ledger.accept(message('a', 4)), { fresh: false, gap: false });
    assert.deepEqual(ledger.accept(message('a', 2)), { fresh: false, gap: false });
    assert.equal(ledger.lastSeq('a'), 4);
    assert.deepEqual(ledger.positions(), [{ chatId: 'a', afterSeq: 4 }]);
  });

  it('reports a gap, holds seqs beyond it, and closes it when the missing ones arrive', () => {
    const ledger = new CatchUpLedger();
    ledger.track('a', 0);
    assert.deepEqual(ledger.accept(message('a', 3)), { fresh: true, gap: true });
    assert.equal(ledger.lastSeq('a'), 0, 'sync still asks from 0');
    assert.deepEqual(ledger.accept(message('a', 3)), { fresh: false, gap: false }, 'a repeat of a held seq');
    ledger.accept(message('a', 1));
    assert.equal(ledger.lastSeq('a'), 1);
    ledger.accept(message('a', 2));
    assert.equal(ledger.lastSeq('a'), 3, 'the held seq joins once the gap is filled');
  });

  it('takes the end sync reports as settled (seqs that no longer exist), and tracks new chats from their first message', () => {
    const ledger = new CatchUpLedger();
    ledger.track('a', 0);
    ledger.accept(message('a', 5));
    ledger.settle('a', 7);
    assert.equal(ledger.lastSeq('a'), 7);
    assert.deepEqual(ledger.accept(message('b', 10)), { fresh: true, gap: false });
    assert.equal(ledger.lastSeq('b'), 10);
    ledger.track('b', 4);
    assert.equal(ledger.lastSeq('b'), 10, 'tracking never moves a chat back');
    ledger.untrack('b');
    assert.equal(ledger.lastSeq('b'), undefined);
  });

  it('syncs page by page while a chat has more, passes each message once, untracks a chat it cannot see', async () => {
    const ledger = new CatchUpLedger();
    ledger.track('a', 1);
    ledger.track('gone', 0);
    ledger.accept(message('a', 3)); // seen live, after a gap
    const asked: ClientPayloads['sync'][] = [];
    const stored = [2, 3, 4, 5].map((seq) => message('a', seq));
    const sync = (payload: ClientPayloads['sync']): Promise<ServerPayloads['sync.result']> => {
      asked.push(payload);
      return Promise.resolve({
        chats: payload.chats.map(({ chatId, afterSeq }) => {
          if (chatId === 'gone') return { chatId, error: { code: 'CHAT.NOT_FOUND', message: 'no' } };
          const page = stored.filter((m) => m.seq > afterSeq).slice(0, payload.limit ?? 200);
          return { chatId, messages: page, lastSeq: 6, hasMore: page.length === payload.limit };
        }),
      });
    };
    const delivered: number[] = [];
    const done = await syncChats(ledger, sync, (m) => delivered.push(m.seq), { limit: 2 });
    assert.deepEqual(delivered, [2, 4, 5], 'seq 3 was already passed on live');
    assert.deepEqual(
      asked.map((payload) => payload.chats),
      [
        [
          { chatId: 'a', afterSeq: 1 },
          { chatId: 'gone', afterSeq: 0 },
        ],
        [{ chatId: 'a', afterSeq: 3 }],
        [{ chatId: 'a', afterSeq: 5 }],
      ],
    );
    assert.deepEqual(done, [{ chatId: 'a', lastSeq: 6 }], 'settled at the end sync reported');
    assert.equal(ledger.lastSeq('gone'), undefined);
  });
});

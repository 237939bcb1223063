import assert from 'node:assert/strict';
import type { BlockCheck } from '../../friends';
import { MAX_GROUP_MEMBERS, type Chat, type Member, type Members } from '../domain/chat';
import type { Actor } from './context';
import { AddMembers } from './add-members';
import type { KnownUsers } from './known-users';
import { MarkRead } from './mark-read';
import type { ChatChange, ChatStore, MessageDraft, MessageStore, ProfileDirectory, ReadMarkerMove } from './ports';
import { RemoveMember } from './remove-member';
import { SendMessage } from './send-message';

const joinedAt = (n: number): Date => new Date(Date.UTC(2026, 0, 1, 0, n));

/**
 * One chat in memory, answering as the Mongo store does: `members.of` only for the ids the use case
 * named (one `_id` read each), `all()` counted (it is O(members): only an owner's leaving may ask).
 */
class FakeChats {
  readonly looked: string[][] = [];
  allCalls = 0;
  changes: ChatChange[] = [];
  moves: ReadMarkerMove[] = [];

  constructor(
    public chat: Chat,
    public members: Map<string, Member>,
  ) {}

  private view(userIds: readonly string[]): Members {
    this.looked.push([...userIds]);
    const named = new Set(userIds);
    return {
      of: (userId) => (named.has(userId) ? this.members.get(userId) : undefined),
      all: () => {
        this.allCalls += 1;
        return Promise.resolve([...this.members.values()]);
      },
    };
  }

  store(): ChatStore {
    return {
      change: async (_chatId, userIds, decide) => {
        const change = await decide(this.chat, this.view(userIds));
        if (change) this.changes.push(change);
        return this.chat;
      },
      moveReadMarker: async (_chatId, userId, decide) => {
        await Promise.resolve();
        const move = decide(this.chat, this.view([userId]));
        if (move) this.moves.push(move);
        return this.chat;
      },
      load: (_chatId, userIds) => Promise.resolve({ chat: this.chat, members: this.view(userIds) }),
    } as Partial<ChatStore> as ChatStore;
  }

  messages(drafts: MessageDraft[]): MessageStore {
    return {
      append: async (_chatId, key, decide, also = []) => {
        const draft = await decide(this.chat, this.chat.lastSeq + 1, this.view([key.senderId, ...also]));
        drafts.push(draft);
        return { message: draft.message, created: true };
      },
      find: () => Promise.resolve(undefined),
    } as Partial<MessageStore> as MessageStore;
  }
}

const actor = (id: string): Actor => ({ actorId: id, traceId: null });
const group = (memberCount: number): Chat => ({
  id: 'c1',
  type: 'group',
  title: 't',
  memberCount,
  pair: null,
  lastSeq: 7,
  version: 3,
});
const member = (userId: string, role: Member['role'], n: number, lastReadSeq = 0): [string, Member] => [
  userId,
  { userId, role, joinedAt: joinedAt(n), lastReadSeq },
];
const noBlocks: BlockCheck = { isBlockedBetween: () => Promise.resolve(false) } as Partial<BlockCheck> as BlockCheck;
const everyoneKnown = {
  existing: (ids: readonly string[]) => Promise.resolve(new Set(ids)),
} as Partial<KnownUsers> as KnownUsers;

describe('membership use cases over member documents', () => {
  it('a member leaving is one removal decided from two member lookups, never the whole list', async () => {
    const chats = new FakeChats(
      group(3),
      new Map([member('o', 'owner', 0), member('a', 'admin', 1), member('m', 'member', 2)]),
    );
    await new RemoveMember(chats.store()).execute(actor('m'), 'c1', 'm');
    assert.equal(chats.allCalls, 0);
    assert.deepEqual(chats.changes[0]?.remove, ['m']);
    assert.equal(chats.changes[0]?.roles, undefined);
  });

  it('the owner leaving reads every member once and hands ownership to the longest-standing admin', async () => {
    const chats = new FakeChats(
      group(4),
      new Map([member('o', 'owner', 0), member('m', 'member', 1), member('a2', 'admin', 3), member('a1', 'admin', 2)]),
    );
    await new RemoveMember(chats.store()).execute(actor('o'), 'c1', 'o');
    assert.equal(chats.allCalls, 1);
    assert.deepEqual(chats.changes[0]?.remove, ['o']);
    assert.deepEqual(chats.changes[0]?.roles, [{ userId: 'a1', role: 'owner' }]);
  });

  it('adds only users who are not members yet, counting against the limit by memberCount', async () => {
    const chats = new FakeChats(
      group(MAX_GROUP_MEMBERS - 1),
      new Map([member('o', 'owner', 0), member('m', 'member', 1)]),
    );
    const add = new AddMembers(chats.store(), everyoneKnown, noBlocks);
    await add.execute(actor('o'), 'c1', ['m', 'n1']);
    assert.deepEqual(
      chats.changes[0]?.join?.map((joined) => [joined.userId, joined.role, joined.lastReadSeq]),
      [['n1', 'member', 7]],
    );
    assert.deepEqual(chats.looked.at(-1), ['o', 'm', 'n1']);
    await assert.rejects(add.execute(actor('o'), 'c1', ['n2', 'n3']), { code: 'CHAT.INVALID' });
  });

  it('moves a read marker through the member alone, forward only, never past the end', async () => {
    const chats = new FakeChats(group(2), new Map([member('o', 'owner', 0), member('m', 'member', 1, 4)]));
    const markRead = new MarkRead(chats.store());
    await markRead.execute(actor('m'), 'c1', 6);
    await markRead.execute(actor('m'), 'c1', 3);
    assert.deepEqual(
      chats.moves.map((move) => move.seq),
      [6],
    );
    assert.equal(chats.changes.length, 0);
    await assert.rejects(markRead.execute(actor('m'), 'c1', 8), { code: 'MESSAGE.INVALID' });
    await assert.rejects(markRead.execute(actor('x'), 'c1', 1), { code: 'CHAT.NOT_FOUND' });
  });

  it('a send checks the sender and the mentioned users by lookup, and a direct chat’s pair for blocks', async () => {
    const drafts: MessageDraft[] = [];
    const chats = new FakeChats(group(3), new Map([member('o', 'owner', 0), member('m', 'member', 1)]));
    const profiles = {
      idsByUsername: () =>
        Promise.resolve(
          new Map([
            ['mia', 'm'],
            ['zed', 'z'],
          ]),
        ),
    } as Partial<ProfileDirectory> as ProfileDirectory;
    const send = new SendMessage(chats.messages(drafts), profiles, noBlocks);
    await send.execute(actor('o'), 'c1', { body: 'hi @mia and @zed', clientMsgId: 'k1' });
    assert.deepEqual(drafts[0]?.message.mentions, ['m']);
    assert.deepEqual(chats.looked.at(-1), ['o', 'm', 'z']);
    await assert.rejects(send.execute(actor('x'), 'c1', { body: 'hi', clientMsgId: 'k2' }), {
      code: 'CHAT.NOT_FOUND',
    });

    const blockedWith: string[] = [];
    const blocks = {
      isBlockedBetween: (_a: string, b: string) => {
        blockedWith.push(b);
        return Promise.resolve(true);
      },
    };
    const direct = new FakeChats(
      { ...group(2), type: 'direct', title: null, pair: ['m', 'o'] },
      new Map([member('o', 'member', 0), member('m', 'member', 0)]),
    );
    const sendDirect = new SendMessage(direct.messages([]), profiles, blocks);
    await assert.rejects(sendDirect.execute(actor('o'), 'c1', { body: 'hey', clientMsgId: 'k3' }), {
      code: 'CHAT.BLOCKED',
    });
    assert.deepEqual(blockedWith, ['m']);
  });
});

import assert from 'node:assert/strict';
import { createEnvelope } from '../../../platform/kafka';
import type { ChatMembership } from '../../chats';
import type { Notify } from '../application/notify';
import type { HeldMessage, HeldMessages } from '../application/ports';
import type { NotificationDraft } from '../domain/notification';
import { NotifyOnMessageSent } from './notify-on-message-sent';

/** The handler against in-memory fakes of the chat membership port and of Notify. */
describe('NotifyOnMessageSent', () => {
  const members = { type: 'group' as const, memberIds: ['alice', 'bob', 'carol'] };
  let reads: string[];
  let drafts: NotificationDraft[];
  const membership = {
    membersOf: (chatId: string) => {
      reads.push(chatId);
      return Promise.resolve(members);
    },
  } as unknown as ChatMembership;
  const notify = {
    execute: (given: readonly NotificationDraft[]) => {
      drafts.push(...given);
      return Promise.resolve([]);
    },
  } as unknown as Notify;
  const held = new Map<string, HeldMessage>();
  const heldMessages: HeldMessages = {
    hold: (message) => {
      held.set(message.messageId, message);
      return Promise.resolve();
    },
    find: (messageId) => Promise.resolve(held.get(messageId)),
  };
  const handler = new NotifyOnMessageSent(membership, notify, heldMessages);
  const sent = (payload: Record<string, unknown>) =>
    createEnvelope({
      type: 'message.sent',
      aggregateId: 'chat-1',
      payload: { messageId: 'chat-1:1', chatId: 'chat-1', senderId: 'alice', body: 'hi', mentions: [], ...payload },
    });

  beforeEach(() => {
    reads = [];
    drafts = [];
    held.clear();
  });

  it('reads nothing for a group message that mentions nobody', async () => {
    await handler.handle(sent({ chatType: 'group' }));
    assert.deepEqual(reads, []);
    assert.deepEqual(drafts, []);
  });

  it('keeps nothing for a held group message that mentions nobody: its release notifies nobody', async () => {
    await handler.handle(sent({ chatType: 'group', moderation: { verdict: 'hold' } }));
    assert.deepEqual([...held.keys()], []);
    assert.deepEqual(reads, []);
  });

  it('reads the members for a mention, and for an event from before chatType', async () => {
    await handler.handle(sent({ chatType: 'group', mentions: ['bob'] }));
    await handler.handle(sent({ mentions: ['carol'] }));
    assert.deepEqual(reads, ['chat-1', 'chat-1']);
    assert.deepEqual(
      drafts.map((draft) => [draft.userId, draft.kind]),
      [
        ['bob', 'mention'],
        ['carol', 'mention'],
      ],
    );
  });
});

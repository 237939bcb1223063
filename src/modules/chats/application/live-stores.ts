import type { PendingEvent } from '../../../platform/outbox';
import type { Chat } from '../domain/chat';
import type { Message } from '../domain/message';
import { ChatFrames, type ChatLiveFeed } from './live-feed';
import type { ChatChange, ChatStore, MessageChange, MessageStore, NewChat, NewMessage } from './ports';

/**
 * The chat store, telling live connections about each committed change. Every writer (REST, the
 * WebSocket, stream handlers) goes through the store ports, so none of them can forget to.
 */
export class LiveChatStore implements ChatStore {
  constructor(
    private readonly inner: ChatStore,
    private readonly feed: ChatLiveFeed,
  ) {}

  async create(chat: NewChat, events: (chatId: string) => PendingEvent[], directKey?: string) {
    const result = await this.inner.create(chat, events, directKey);
    if (result.created) await this.feed.chat(result.chat);
    return result;
  }

  async change(chatId: string, decide: (chat: Chat) => ChatChange | undefined): Promise<Chat> {
    let before: Chat | undefined;
    let changed = false;
    const after = await this.inner.change(chatId, (chat) => {
      before = chat;
      const change = decide(chat);
      changed = change !== undefined;
      return change;
    });
    if (!changed || !before) return after;
    const read = readMarkerMove(before, after);
    if (read) await this.feed.read(after, read.userId, read.seq);
    else {
      const stillIn = new Set(after.members.map((member) => member.userId));
      await this.feed.chat(
        after,
        before.members.map((member) => member.userId).filter((userId) => !stillIn.has(userId)),
      );
    }
    return after;
  }

  find = (chatId: string) => this.inner.find(chatId);
  listForUser: ChatStore['listForUser'] = (userId, after, limit) => this.inner.listForUser(userId, after, limit);
  summaryOf = (chatId: string) => this.inner.summaryOf(chatId);
  chatIdsOf = (userId: string) => this.inner.chatIdsOf(userId);
}

/** The message store, telling live connections about each committed message and change. */
export class LiveMessageStore implements MessageStore {
  constructor(
    private readonly inner: MessageStore,
    private readonly feed: ChatLiveFeed,
  ) {}

  async send(chatId: string, authorize: (chat: Chat) => void, message: NewMessage, ctx: { traceId: string | null }) {
    let chat: Chat | undefined;
    const result = await this.inner.send(
      chatId,
      (locked) => {
        authorize(locked);
        chat = locked;
      },
      message,
      ctx,
    );
    if (result.created && chat) await this.feed.message(chat, ChatFrames.messageNew, result.message);
    return result;
  }

  async change(
    chatId: string,
    messageId: string,
    decide: (chat: Chat, message: Message | undefined) => MessageChange,
  ): Promise<Message> {
    let chat: Chat | undefined;
    let change: MessageChange | undefined;
    const updated = await this.inner.change(chatId, messageId, (locked, message) => {
      chat = locked;
      change = decide(locked, message);
      return change;
    });
    if (chat && change) {
      const type = change.deletedAt
        ? ChatFrames.messageDeleted
        : change.reactions
          ? ChatFrames.reactionUpdated
          : ChatFrames.messageUpdated;
      await this.feed.message(chat, type, updated);
    }
    return updated;
  }

  page: MessageStore['page'] = (chatId, range, limit) => this.inner.page(chatId, range, limit);
  find = (chatId: string, messageId: string) => this.inner.find(chatId, messageId);
}

/** A change that only moved one member's read marker forward. */
function readMarkerMove(before: Chat, after: Chat): { userId: string; seq: number } | undefined {
  if (before.title !== after.title || before.members.length !== after.members.length) return undefined;
  let moved: { userId: string; seq: number } | undefined;
  for (const [index, member] of after.members.entries()) {
    const earlier = before.members[index];
    if (earlier?.userId !== member.userId || earlier.role !== member.role) return undefined;
    if (member.lastReadSeq !== earlier.lastReadSeq) {
      if (moved) return undefined;
      moved = { userId: member.userId, seq: member.lastReadSeq };
    }
  }
  return moved;
}

import { inject, injectable } from 'inversify';
import { ChatErrors, memberOf, type Chat } from '../domain/chat';
import type { Message } from '../domain/message';
import {
  CHAT_STORE,
  MESSAGE_STORE,
  PROFILE_DIRECTORY,
  type ChatStore,
  type ChatSummary,
  type MessageStore,
  type ProfileDirectory,
} from './ports';

/** A chat as one member sees it in their list: with the last message and their unread count. */
export interface ChatView extends ChatSummary {
  readonly unreadCount: number;
  /** Display profiles of the members (a deleted account has none). Only on single-chat reads. */
  readonly profiles?: ReadonlyMap<string, { username: string; displayName: string }>;
}

const viewFor = (summary: ChatSummary, userId: string): ChatView => {
  const me = summary.chat.members.find((member) => member.userId === userId);
  return { ...summary, unreadCount: Math.max(0, summary.chat.lastSeq - (me?.lastReadSeq ?? summary.chat.lastSeq)) };
};

/** Reads for members: the chat list by last activity, one chat, and history by seq. */
@injectable()
export class ReadChats {
  constructor(
    @inject(CHAT_STORE) private readonly chats: ChatStore,
    @inject(MESSAGE_STORE) private readonly messages: MessageStore,
    @inject(PROFILE_DIRECTORY) private readonly profiles: ProfileDirectory,
  ) {}

  async list(
    userId: string,
    after: { at: string; id: string } | undefined,
    limit: number,
  ): Promise<{ items: ChatView[]; more: boolean }> {
    const page = await this.chats.listForUser(userId, after, limit + 1);
    return { items: page.slice(0, limit).map((summary) => viewFor(summary, userId)), more: page.length > limit };
  }

  async one(userId: string, chatId: string): Promise<ChatView> {
    const summary = await this.chats.summaryOf(chatId);
    const chat = summary?.chat;
    if (!chat?.members.some((member) => member.userId === userId)) throw ChatErrors.notFound();
    const profiles = await this.profiles.displayNames(chat.members.map((member) => member.userId));
    return { ...viewFor(summary as ChatSummary, userId), profiles };
  }

  async history(
    userId: string,
    chatId: string,
    range: { before?: number; after?: number },
    limit: number,
  ): Promise<{ chat: Chat; items: Message[]; more: boolean }> {
    // The chat and the caller's member document, by `_id` in parallel.
    const loaded = await this.chats.load(chatId, [userId]);
    memberOf(loaded?.members, userId);
    const read = (loaded as { chat: Chat }).chat;
    const { items, lastSeq } = await this.messages.page(
      { id: chatId, type: read.type, lastSeq: read.lastSeq },
      range,
      limit,
    );
    const chat = lastSeq === read.lastSeq ? read : { ...read, lastSeq };
    // By seq, not by count: an imported chat may lack some seqs (docs/import-format.md).
    const more =
      range.after !== undefined
        ? range.after + limit < lastSeq
        : Math.min(lastSeq, (range.before ?? Infinity) - 1) - limit >= 1;
    return { chat, items, more };
  }
}

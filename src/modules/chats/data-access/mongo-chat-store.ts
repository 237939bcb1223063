import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import {
  MONGO_OUTBOX_NOTIFIER,
  withPendingEvents,
  type MongoOutboxNotifier,
  type PendingEvent,
} from '../../../platform/outbox';
import { REDIS_LOCKS, type RedisLocks } from '../../../platform/redis';
import type { ChatMembership } from '../application/membership';
import {
  CHAT_COMMIT_LISTENER,
  type ChatChange,
  type ChatCommitListener,
  type ChatStore,
  type ChatSummary,
  type NewChat,
} from '../application/ports';
import { ChatErrors, type Chat } from '../domain/chat';
import { CHAT_LOCK, chatLockKey, isDuplicateKey, toChat } from './mappers';
import { chatModels, type ChatDoc } from './models';
import { RedisChatHeads, type ChatHead } from './redis-chat-heads';

const toSummary = (doc: ChatDoc, head: ChatHead): ChatSummary => ({
  chat: toChat(doc, head),
  lastMessage: head.lastMessage,
  lastActivityAt: head.lastMessage?.sentAt ?? new Date(doc.createdAt).toISOString(),
});

/**
 * Chats in MongoDB: one document per chat with its members and its pending events; the tail (last
 * seq and message) is the chat's head in Redis, which sends keep (docs/decisions/0031). It also
 * answers membership for other modules (ChatMembership), from the owner store, never stale.
 */
@injectable()
export class MongoChatStore implements ChatStore, ChatMembership {
  private readonly chats: Model<ChatDoc>;

  constructor(
    @inject(MONGO_CONNECTION) connection: Connection,
    @inject(REDIS_LOCKS) private readonly locks: RedisLocks,
    @inject(MONGO_OUTBOX_NOTIFIER) private readonly outbox: MongoOutboxNotifier,
    @inject(RedisChatHeads) private readonly heads: RedisChatHeads,
    @inject(CHAT_COMMIT_LISTENER) private readonly listener: ChatCommitListener,
  ) {
    this.chats = chatModels(connection).chats;
  }

  async create(
    chat: NewChat,
    events: (chatId: string) => PendingEvent[],
    directKey?: string,
  ): Promise<{ chat: Chat; created: boolean }> {
    const id = randomUUID();
    const now = new Date();
    const saved = events(id);
    try {
      const doc = await this.chats.create({
        _id: id,
        type: chat.type,
        title: chat.title,
        ...(directKey ? { directKey } : {}),
        members: [...chat.members],
        memberIds: chat.members.map((member) => member.userId),
        lastSeq: 0,
        lastActivityAt: now,
        createdAt: now,
        version: 1,
        ...withPendingEvents([], saved),
      });
      await this.outbox.committed(this.chats.collection.name, [id]);
      const created = toChat(doc.toObject(), await this.heads.one(id, 0));
      await this.listener.committed(created, saved);
      return { chat: created, created: true };
    } catch (error) {
      if (!directKey || !isDuplicateKey(error)) throw error;
      const existing = await this.chats.findOne({ directKey }).lean();
      if (!existing) throw error;
      return { chat: toChat(existing, await this.heads.one(existing._id, existing.lastSeq)), created: false };
    }
  }

  async find(chatId: string): Promise<Chat | undefined> {
    return (await this.summaryOf(chatId))?.chat;
  }

  async summaryOf(chatId: string): Promise<ChatSummary | undefined> {
    const doc = await this.chats.findById(chatId).lean();
    return doc ? toSummary(doc, await this.heads.one(chatId, doc.lastSeq)) : undefined;
  }

  async listForUser(
    userId: string,
    after: { at: string; id: string } | undefined,
    limit: number,
  ): Promise<ChatSummary[]> {
    const docs = await this.chats.find({ memberIds: userId }).lean();
    const heads = await this.heads.of(docs.map((doc) => ({ id: doc._id, floor: doc.lastSeq })));
    const summaries = docs.map((doc) => toSummary(doc, heads.get(doc._id) as ChatHead));
    const newestFirst = (a: ChatSummary, b: ChatSummary): number =>
      b.lastActivityAt.localeCompare(a.lastActivityAt) || a.chat.id.localeCompare(b.chat.id);
    summaries.sort(newestFirst);
    const start = after
      ? summaries.findIndex(
          (summary) => newestFirst(summary, { chat: { id: after.id }, lastActivityAt: after.at } as ChatSummary) > 0,
        )
      : 0;
    return start < 0 ? [] : summaries.slice(start, start + limit);
  }

  async chatIdsOf(userId: string): Promise<string[]> {
    return (await this.chats.find({ memberIds: userId }, { _id: 1 }).lean()).map((doc) => doc._id);
  }

  async membersOf(chatId: string): Promise<{ type: 'direct' | 'group'; memberIds: string[] } | undefined> {
    const doc = await this.chats.findById(chatId, { type: 1, memberIds: 1 }).lean();
    return doc ? { type: doc.type, memberIds: doc.memberIds } : undefined;
  }

  async isMember(chatId: string, userId: string): Promise<boolean> {
    return (await this.membersOf(chatId))?.memberIds.includes(userId) ?? false;
  }

  async change(chatId: string, decide: (chat: Chat) => ChatChange | undefined): Promise<Chat> {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const doc = await this.chats.findById(chatId).lean();
      if (!doc) throw ChatErrors.notFound();
      const head = await this.heads.one(chatId, doc.lastSeq);
      const change = decide(toChat(doc, head));
      if (!change) return { chat: toChat(doc, head), events: [] };
      const version = doc.version + 1;
      const members = [...(change.members ?? doc.members)];
      const events = change.events(version);
      const set = {
        ...(change.title !== undefined ? { title: change.title } : {}),
        members,
        memberIds: members.map((member) => member.userId),
        version,
        ...withPendingEvents(doc.pendingEvents, events),
      };
      await this.chats.updateOne({ _id: chatId }, { $set: set });
      await this.outbox.committed(this.chats.collection.name, [chatId]);
      return { chat: toChat({ ...doc, ...set }, head), events };
    });
    if (result.events.length > 0) await this.listener.committed(result.chat, result.events);
    return result.chat;
  }
}

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
import type { ChatChange, ChatStore, ChatSummary, NewChat } from '../application/ports';
import { ChatErrors, type Chat } from '../domain/chat';
import { CHAT_LOCK, chatLockKey, isDuplicateKey, toChat } from './mappers';
import { chatModels, type ChatDoc } from './models';

const toSummary = (doc: ChatDoc): ChatSummary => ({
  chat: toChat(doc),
  lastMessage: doc.lastMessage ? { ...doc.lastMessage, sentAt: new Date(doc.lastMessage.sentAt).toISOString() } : null,
  lastActivityAt: new Date(doc.lastActivityAt).toISOString(),
});

/**
 * Chats in MongoDB: one document per chat with its members and its pending events. It also answers
 * membership for other modules (ChatMembership), from the owner store, never stale.
 */
@injectable()
export class MongoChatStore implements ChatStore, ChatMembership {
  private readonly chats: Model<ChatDoc>;

  constructor(
    @inject(MONGO_CONNECTION) connection: Connection,
    @inject(REDIS_LOCKS) private readonly locks: RedisLocks,
    @inject(MONGO_OUTBOX_NOTIFIER) private readonly outbox: MongoOutboxNotifier,
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
        ...withPendingEvents([], events(id)),
      });
      this.outbox.notify();
      return { chat: toChat(doc.toObject()), created: true };
    } catch (error) {
      if (!directKey || !isDuplicateKey(error)) throw error;
      const existing = await this.chats.findOne({ directKey }).lean();
      if (!existing) throw error;
      return { chat: toChat(existing), created: false };
    }
  }

  async find(chatId: string): Promise<Chat | undefined> {
    const doc = await this.chats.findById(chatId).lean();
    return doc ? toChat(doc) : undefined;
  }

  async summaryOf(chatId: string): Promise<ChatSummary | undefined> {
    const doc = await this.chats.findById(chatId).lean();
    return doc ? toSummary(doc) : undefined;
  }

  async listForUser(
    userId: string,
    after: { at: string; id: string } | undefined,
    limit: number,
  ): Promise<ChatSummary[]> {
    const at = after ? new Date(after.at) : undefined;
    const filter = at
      ? { memberIds: userId, $or: [{ lastActivityAt: { $lt: at } }, { lastActivityAt: at, _id: { $gt: after?.id } }] }
      : { memberIds: userId };
    const docs = await this.chats.find(filter).sort({ lastActivityAt: -1, _id: 1 }).limit(limit).lean();
    return docs.map(toSummary);
  }

  async chatIdsOf(userId: string): Promise<string[]> {
    return (await this.chats.find({ memberIds: userId }, { _id: 1 }).lean()).map((doc) => doc._id);
  }

  async membersOf(chatId: string): Promise<{ type: 'direct' | 'group'; memberIds: string[] } | undefined> {
    const doc = await this.chats.findById(chatId, { type: 1, memberIds: 1 }).lean();
    return doc ? { type: doc.type, memberIds: doc.memberIds } : undefined;
  }

  async isMember(chatId: string, userId: string): Promise<boolean> {
    return (await this.chats.countDocuments({ _id: chatId, memberIds: userId })) > 0;
  }

  async change(chatId: string, decide: (chat: Chat) => ChatChange | undefined): Promise<Chat> {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const doc = await this.chats.findById(chatId).lean();
      if (!doc) throw ChatErrors.notFound();
      const change = decide(toChat(doc));
      if (!change) return toChat(doc);
      const version = doc.version + 1;
      const members = [...(change.members ?? doc.members)];
      const set = {
        ...(change.title !== undefined ? { title: change.title } : {}),
        members,
        memberIds: members.map((member) => member.userId),
        version,
        ...withPendingEvents(doc.pendingEvents, change.events(version)),
      };
      await this.chats.updateOne({ _id: chatId }, { $set: set });
      return toChat({ ...doc, ...set });
    });
    this.outbox.notify();
    return result;
  }
}

import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import { MONGO_OUTBOX_NOTIFIER, withPendingEvents, type MongoOutboxNotifier } from '../../../platform/outbox';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_LOCKS, type RedisLocks } from '../../../platform/redis';
import type { MessageChange, MessageStore, NewMessage } from '../application/ports';
import { ChatErrors, type Chat } from '../domain/chat';
import { messageEvent } from '../application/event-factory';
import { MessageEventTypes, type MessageSentPayload } from '../domain/events';
import { MessageErrors, type Message } from '../domain/message';
import { CHAT_LOCK, chatLockKey, isDuplicateKey, toChat, toMessage } from './mappers';
import { chatModels, type ChatDoc, type MessageDoc } from './models';

/**
 * How long a send is remembered by (chat, sender, clientMsgId) in Redis, so that a retry is answered
 * without a query; after that the unique index still refuses a second copy.
 */
const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** Messages in MongoDB, numbered per chat by `seq` under the chat's lock (docs/decisions/0007). */
@injectable()
export class MongoMessageStore implements MessageStore {
  private readonly chats: Model<ChatDoc>;
  private readonly messages: Model<MessageDoc>;

  constructor(
    @inject(MONGO_CONNECTION) connection: Connection,
    @inject(REDIS_LOCKS) private readonly locks: RedisLocks,
    @inject(MONGO_OUTBOX_NOTIFIER) private readonly outbox: MongoOutboxNotifier,
    @inject(REDIS) private readonly redis: Redis,
  ) {
    ({ chats: this.chats, messages: this.messages } = chatModels(connection));
  }

  async send(chatId: string, authorize: (chat: Chat) => void, input: NewMessage, ctx: { traceId: string | null }) {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const chatDoc = await this.chats.findById(chatId).lean();
      if (!chatDoc) throw ChatErrors.notFound();
      authorize(toChat(chatDoc));
      const idempotencyKey = `idem:message:${chatId}:${input.senderId}:${input.clientMsgId}`;
      const remembered = await this.redis.get(idempotencyKey);
      if (remembered) return { message: JSON.parse(remembered) as Message, created: false };
      if (input.replyTo && !(await this.messages.exists({ _id: input.replyTo, chatId })))
        throw MessageErrors.replyNotFound();
      const inserted = await this.insertNext(chatDoc, input, ctx);
      if ('earlier' in inserted) return { message: inserted.earlier, created: false };
      const { message } = inserted;
      await this.redis.set(idempotencyKey, JSON.stringify(message), 'EX', IDEMPOTENCY_WINDOW_SECONDS);
      const members = chatDoc.members.map((member) =>
        member.userId === input.senderId
          ? { ...member, lastReadSeq: Math.max(member.lastReadSeq, message.seq) }
          : member,
      );
      await this.chats.updateOne(
        { _id: chatId },
        {
          $set: {
            lastSeq: message.seq,
            lastActivityAt: new Date(message.createdAt),
            lastMessage: {
              messageId: message.id,
              seq: message.seq,
              senderId: message.senderId,
              preview: (message.body ?? '').slice(0, 140),
              sentAt: new Date(message.createdAt),
            },
            members,
          },
        },
      );
      return { message, created: true };
    });
    if (result.created) this.outbox.notify();
    return result;
  }

  /**
   * Inserts at lastSeq + 1. A duplicate key is either the sender's earlier message with this
   * clientMsgId (a retry after the idempotency window) or a taken seq (a lock expired mid-write),
   * in which case it re-reads the end and tries the next seq.
   */
  private async insertNext(
    chatDoc: ChatDoc,
    input: NewMessage,
    ctx: { traceId: string | null },
  ): Promise<{ message: Message } | { earlier: Message }> {
    let seq = chatDoc.lastSeq + 1;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const now = new Date();
      const draft: Message = {
        id: randomUUID(),
        chatId: chatDoc._id,
        seq,
        senderId: input.senderId,
        clientMsgId: input.clientMsgId,
        body: input.body,
        mentions: input.mentions,
        replyTo: input.replyTo,
        reactions: [],
        createdAt: now.toISOString(),
        editedAt: null,
        deletedAt: null,
      };
      const payload: MessageSentPayload = {
        messageId: draft.id,
        chatId: draft.chatId,
        seq,
        senderId: draft.senderId,
        body: input.body,
        mentions: draft.mentions,
        replyTo: draft.replyTo,
        sentAt: draft.createdAt,
      };
      const events = [messageEvent(MessageEventTypes.sent, draft, 1, payload, { actorId: input.senderId, ...ctx })];
      try {
        await this.messages.create({
          ...draft,
          _id: draft.id,
          mentions: [...draft.mentions],
          reactions: [],
          edits: [],
          createdAt: now,
          version: 1,
          ...withPendingEvents([], events),
        });
        return { message: draft };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const earlier = await this.messages
          .findOne({ chatId: chatDoc._id, senderId: input.senderId, clientMsgId: input.clientMsgId })
          .lean();
        if (earlier) return { earlier: toMessage(earlier) };
        const last = await this.messages.findOne({ chatId: chatDoc._id }, { seq: 1 }).sort({ seq: -1 }).lean();
        seq = (last?.seq ?? 0) + 1;
      }
    }
    throw new Error(`could not allocate a seq in chat ${chatDoc._id}`);
  }

  async page(chatId: string, range: { before?: number; after?: number }, limit: number): Promise<Message[]> {
    if (range.after !== undefined) {
      const docs = await this.messages
        .find({ chatId, seq: { $gt: range.after } })
        .sort({ seq: 1 })
        .limit(limit)
        .lean();
      return docs.map(toMessage);
    }
    const filter = range.before !== undefined ? { chatId, seq: { $lt: range.before } } : { chatId };
    const docs = await this.messages.find(filter).sort({ seq: -1 }).limit(limit).lean();
    return docs.map(toMessage).reverse();
  }

  async find(chatId: string, messageId: string): Promise<Message | undefined> {
    const doc = await this.messages.findOne({ _id: messageId, chatId }).lean();
    return doc ? toMessage(doc) : undefined;
  }

  async change(
    chatId: string,
    messageId: string,
    decide: (chat: Chat, message: Message | undefined) => MessageChange,
  ): Promise<Message> {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const [chatDoc, doc] = await Promise.all([
        this.chats.findById(chatId).lean(),
        this.messages.findOne({ _id: messageId, chatId }).lean(),
      ]);
      if (!chatDoc) throw ChatErrors.notFound();
      const change = decide(toChat(chatDoc), doc ? toMessage(doc) : undefined);
      if (!doc) throw MessageErrors.notFound();
      const version = doc.version + 1;
      const set = {
        ...(change.body !== undefined ? { body: change.body } : {}),
        ...(change.edit
          ? {
              editedAt: change.edit.editedAt,
              edits: [...doc.edits, { body: doc.body ?? '', editedAt: change.edit.editedAt }],
            }
          : {}),
        ...(change.deletedAt ? { deletedAt: change.deletedAt, body: null, edits: [] } : {}),
        ...(change.reactions
          ? { reactions: change.reactions.map((r) => ({ emoji: r.emoji, userIds: [...r.userIds] })) }
          : {}),
        version,
      };
      const updated = toMessage({ ...doc, ...set });
      const events = change.events(updated, version);
      await this.messages.updateOne(
        { _id: messageId },
        { $set: { ...set, ...withPendingEvents(doc.pendingEvents, events) } },
      );
      if (change.deletedAt && chatDoc.lastMessage?.messageId === messageId) {
        await this.chats.updateOne({ _id: chatId }, { $set: { 'lastMessage.preview': '' } });
      }
      return updated;
    });
    this.outbox.notify();
    return result;
  }
}

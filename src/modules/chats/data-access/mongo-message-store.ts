import { inject, injectable } from 'inversify';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import {
  MONGO_OUTBOX_NOTIFIER,
  withPendingEvents,
  type MongoOutboxNotifier,
  type OutboxWriteRecovery,
  type PendingEvent,
  type QueuedDocument,
} from '../../../platform/outbox';
import { REDIS, REDIS_LOCKS, type PipelineReplies, type RedisLocks } from '../../../platform/redis';
import {
  CHAT_COMMIT_LISTENER,
  type ChatCommitListener,
  type MessageChange,
  type MessageDraft,
  type MessageStore,
} from '../application/ports';
import { derivableFromMessage, sentEvent } from '../application/event-factory';
import { ChatErrors, type Chat, type Members } from '../domain/chat';
import type { ChatType } from '../domain/events';
import { messageIdOf, MessageErrors, type Message } from '../domain/message';
import { toMessageDoc } from './bulk-mappers';
import { CHAT_LOCK, chatLockKey, isDuplicateKey, toMessage } from './mappers';
import { chatModels, type MessageDoc } from './models';
import { MongoChatStore } from './mongo-chat-store';
import { RedisChatHeads } from './redis-chat-heads';

/**
 * How long a send is remembered by (chat, sender, clientMsgId) in Redis, so that a retry is answered
 * without a query; after that the unique index still refuses a second copy.
 */
const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;
const idempotencyKey = (chatId: string, key: { senderId: string; clientMsgId: string }): string =>
  `idem:message:${chatId}:${key.senderId}:${key.clientMsgId}`;
/**
 * The outbox write mark of a chat's sends (OutboxWriteRecovery): set before the insert, cleared by
 * the transaction that queues the sends' events; one left behind is a sender that died between.
 */
export const SENDS_IN_FLIGHT = 'chat-sends';
/** The most sends of one chat appended together. */
const MAX_GROUP = 64;

type Decide = (chat: Chat, seq: number, members: Members) => MessageDraft | Promise<MessageDraft>;
interface Appended {
  readonly chat: Chat;
  readonly message: Message;
  readonly events: MessageDraft['events'];
  readonly created: boolean;
}
/** A send waiting for its chat's group. */
interface Send {
  readonly key: { senderId: string; clientMsgId: string };
  readonly decide: Decide;
  readonly also: readonly string[];
  readonly resolve: (result: Appended) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
}

/** Answers a send once. */
function settle(send: Send, result: Appended | undefined, error?: unknown): void {
  if (send.settled) return;
  send.settled = true;
  if (result) send.resolve(result);
  else send.reject(error);
}

/**
 * A new message's document. A send whose only event is the `message.sent` the store can derive
 * from the document again (no moderation facts) is stored without outbox state: its event travels
 * in the Redis transaction that moves the chat's head, and the relay has nothing to clear
 * (docs/decisions/0060). Other sends (held or flagged) keep their events in the document, as 0032.
 */
function newMessageDoc({ message, events }: MessageDraft): MessageDoc {
  const derived = derivableFromMessage(events);
  return {
    ...toMessageDoc(message),
    ...(message.held ? { held: true } : {}),
    ...(derived ? { derivedEvents: true } : {}),
    ...withPendingEvents([], derived ? [] : events),
  };
}

/** The outbox entry of a new message: its events, and whether its document holds them. */
const queuedOf = ({ message, events }: MessageDraft): QueuedDocument => ({
  id: message.id,
  pendingEvents: events,
  stored: !derivableFromMessage(events),
});

/**
 * The events of a stored message whose Redis transaction may never have run (past a trailing
 * head): the `message.sent` derived from it when it was stored without outbox state, then the
 * events its document holds (an edit of it, or a held send's own).
 */
function eventsOf(doc: MessageDoc, chatType: ChatType): { events: PendingEvent[]; stored: boolean } {
  const held = doc.pendingEvents ?? [];
  const derived = doc.derivedEvents
    ? [sentEvent(toMessage(doc), chatType, { actorId: doc.senderId, traceId: null })]
    : [];
  return { events: [...derived, ...held], stored: held.length > 0 };
}

/**
 * Messages in MongoDB. A message's `_id` is derived from (chat, seq), so every read here is by `_id`
 * (the one shape real MongoDB and the local server both serve from an index), and a send is one
 * insert plus one Redis round trip under the chat's lock (docs/decisions/0031).
 */
@injectable()
export class MongoMessageStore implements MessageStore {
  private readonly messages: Model<MessageDoc>;
  /** Sends waiting for their chat in this process; the first arrival drains them (see `append`). */
  private readonly waiting = new Map<string, Send[]>();

  constructor(
    @inject(MONGO_CONNECTION) connection: Connection,
    @inject(REDIS_LOCKS) private readonly locks: RedisLocks,
    @inject(MONGO_OUTBOX_NOTIFIER) private readonly outbox: MongoOutboxNotifier,
    @inject(REDIS) private readonly redis: Redis,
    @inject(MongoChatStore) private readonly chats: MongoChatStore,
    @inject(RedisChatHeads) private readonly heads: RedisChatHeads,
    @inject(CHAT_COMMIT_LISTENER) private readonly listener: ChatCommitListener,
  ) {
    this.messages = chatModels(connection).messages;
  }

  /**
   * Appends a message under the chat's lock. Sends that wait for the same chat in this process go
   * together (group commit): one lock hold, one load, one `insertMany`, one Redis pipeline for all
   * of them, in arrival order, each decided at its own seq (docs/decisions/0051). A send that its
   * decision refuses takes no seq; the others go on.
   */
  append(
    chatId: string,
    key: { senderId: string; clientMsgId: string },
    decide: Decide,
    also: readonly string[] = [],
  ): Promise<{ message: Message; created: boolean }> {
    return new Promise<Appended>((resolve, reject) => {
      const send: Send = { key, decide, also, resolve, reject, settled: false };
      const queue = this.waiting.get(chatId);
      if (queue) {
        queue.push(send);
        return;
      }
      this.waiting.set(chatId, [send]);
      void this.drain(chatId);
    }).then(async (result) => {
      if (result.created) await this.listener.committed(result.chat, result.events, result.message);
      return { message: result.message, created: result.created };
    });
  }

  /** Appends the chat's waiting sends, a group at a time, until none waits. */
  private async drain(chatId: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(chatId) ?? [];
      if (queue.length === 0) {
        this.waiting.delete(chatId);
        return;
      }
      const group = queue.splice(0, MAX_GROUP);
      try {
        await this.locks.withLock(
          chatLockKey(chatId),
          CHAT_LOCK,
          (first) => this.appendGroup(chatId, group, first),
          (pipeline) => this.firstReads(pipeline, chatId, group),
        );
      } catch (error) {
        for (const send of group) settle(send, undefined, error);
      }
    }
  }

  /**
   * What a group reads from Redis first: the chat's head, the retries' earlier ids, and the mark
   * that the chat's sends are in flight (set before any insert). Sent with the lock's `SET NX`
   * when this process takes the chat's guard (0063), else on their own.
   */
  private firstReads(pipeline: ChainableCommander, chatId: string, group: readonly Send[]): void {
    this.heads.peekIn(pipeline, chatId);
    this.outbox.writing(pipeline, SENDS_IN_FLIGHT, chatId);
    pipeline.mget(group.map((send) => idempotencyKey(chatId, send.key)));
  }

  private async appendGroup(chatId: string, group: readonly Send[], first: PipelineReplies | undefined): Promise<void> {
    const userIds = [...new Set(group.flatMap((send) => [send.key.senderId, ...send.also]))];
    if (!first) {
      const pipeline = this.redis.pipeline();
      this.firstReads(pipeline, chatId, group);
      first = (await pipeline.exec()) ?? [];
    }
    // The chat and the senders' member documents: usually this process's copy, at the head's version.
    const head = { peeked: this.heads.peekedOf(replyOf(first, 0)) };
    const remembered = replyOf(first, 2) as (string | null)[];
    const loaded = await this.chats.load(chatId, userIds, { underLock: true, head });
    if (!loaded) throw ChatErrors.notFound();
    const { chat, members } = loaded;
    const drafted: { send: Send; draft: MessageDraft }[] = [];
    const retries: { send: Send; of: MessageDraft }[] = [];
    const byKey = new Map<string, MessageDraft>();
    let seq = chat.lastSeq;
    for (const [index, send] of group.entries()) {
      try {
        const key = idempotencyKey(chatId, send.key);
        const earlierId = remembered[index];
        const earlier = earlierId ? await this.find(chatId, earlierId) : undefined;
        const sameGroup = byKey.get(key);
        // A retry is authorised as its first send was, and answered with that message.
        if (earlier) {
          await send.decide(chat, earlier.seq, members);
          settle(send, { chat, message: earlier, events: [], created: false });
          continue;
        }
        if (sameGroup) {
          await send.decide(chat, sameGroup.message.seq, members);
          retries.push({ send, of: sameGroup });
          continue;
        }
        const draft = await send.decide(chat, seq + 1, members);
        if (draft.message.id !== messageIdOf(chat.id, draft.message.seq)) {
          throw new Error('a message id must derive from its seq');
        }
        seq += 1;
        drafted.push({ send, draft });
        byKey.set(key, draft);
      } catch (error) {
        settle(send, undefined, error);
      }
    }
    const outcomes = new Map<MessageDraft, { message?: Message; error?: unknown }>();
    const storedDrafts = await this.insertGroup(
      chat.type,
      drafted.map(({ draft }) => draft),
    );
    const stored = storedDrafts.length;
    // As stored: a send whose earlier try was stored without its answer keeps that try's message and events.
    const committed = drafted
      .slice(0, stored)
      .map(({ send, draft: asked }, index) => ({ send, asked, draft: storedDrafts[index] ?? asked }));
    if (committed.length > 0) {
      // One transaction: the head moves past a message exactly when its events are queued, so a
      // message past the head is one whose events may not be (queueStranded).
      const transaction = this.redis.multi();
      for (const { send, draft } of committed) {
        this.heads.appended(transaction, draft.message);
        transaction.set(idempotencyKey(chatId, send.key), draft.message.id, 'EX', IDEMPOTENCY_WINDOW_SECONDS);
      }
      this.outbox.enqueueDocs(
        transaction,
        this.messages.collection.name,
        committed.map(({ draft }) => queuedOf(draft)),
      );
      this.outbox.written(transaction, SENDS_IN_FLIGHT, chatId);
      await transaction.exec();
      for (const { send, asked, draft } of committed) {
        settle(send, { chat: { ...chat, lastSeq: draft.message.seq }, ...draft, created: true });
        outcomes.set(asked, { message: draft.message });
      }
    } else if (drafted.length === 0) {
      // Nothing was inserted (retries and refusals only): the mark has nothing to guard.
      const transaction = this.redis.multi();
      this.outbox.written(transaction, SENDS_IN_FLIGHT, chatId);
      await transaction.exec();
    }
    // A duplicate key stopped the ordered insert (a head behind, or a retry past the idempotency
    // window): the rest go one by one, each decided again at the seq it gets.
    let last: Chat = { ...chat, lastSeq: committed.at(-1)?.draft.message.seq ?? chat.lastSeq };
    for (const { send, draft } of drafted.slice(stored)) {
      try {
        const result = await this.insertNext(last, send.key, (next, at) => send.decide(next, at, members));
        if (result.created) last = result.chat;
        settle(send, result);
        outcomes.set(draft, { message: result.message });
      } catch (error) {
        settle(send, undefined, error);
        outcomes.set(draft, { error });
      }
    }
    for (const { send, of } of retries) {
      const first = outcomes.get(of);
      if (first?.message) settle(send, { chat, message: first.message, events: [], created: false });
      else settle(send, undefined, first?.error);
    }
  }

  /**
   * Queues what a sender that died between its insert and its Redis transaction left in the chat
   * (found by its write mark, OutboxWriteRecovery): under the chat's lock, the messages past the
   * head, if any, move the head and have their events queued, as the next send would.
   */
  async recoverStranded(chatId: string): Promise<void> {
    await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const loaded = await this.chats.load(chatId, [], { underLock: true });
      if (!loaded) return; // the chat is gone, and its messages with it
      const { chat } = loaded;
      if (!(await this.messages.exists({ _id: messageIdOf(chat.id, chat.lastSeq + 1) }))) return;
      const head = await this.heads.rebuild(chat.id, chat.lastSeq + 1, { underLock: true });
      await this.queueStranded(chat, chat.lastSeq, head.lastSeq);
    });
  }

  /**
   * Messages past a head that trailed (`after`..`to`) were stored by a send that never ran its
   * Redis transaction (its process died, or the store's answer was lost and the send failed): their
   * events — derived from the document, or held in it — are queued now. At least once: the derived
   * event has the id the live one would have had, the relay skips events it published lately, and
   * consumers are idempotent. Imported messages (no derived events, none held) queue nothing.
   */
  private async queueStranded(chat: { id: string; type: ChatType }, after: number, to: number): Promise<void> {
    if (to <= after) return;
    const ids = Array.from({ length: Math.min(to - after, 1000) }, (_, index) =>
      messageIdOf(chat.id, after + 1 + index),
    );
    const docs = await this.messages.find({ _id: { $in: ids } }).lean();
    const stranded = docs
      .filter((doc) => doc.chatId === chat.id)
      .sort((a, b) => a.seq - b.seq)
      .map((doc) => ({ id: doc._id, ...eventsOf(doc, chat.type) }))
      .map(({ id, events, stored }) => ({ id, pendingEvents: events, stored }));
    await this.outbox.committedDocs(this.messages.collection.name, stranded);
  }

  /**
   * Inserts the drafts in order (one `insertMany`); returns the stored prefix as stored, which is all of
   * them unless a duplicate key stopped the ordered insert part-way (then the stored prefix is
   * found by reading the drafts' ids back: ours are those with our clientMsgId).
   */
  private async insertGroup(chatType: ChatType, drafts: readonly MessageDraft[]): Promise<MessageDraft[]> {
    if (drafts.length === 0) return [];
    const docs = drafts.map(newMessageDoc);
    try {
      await this.messages.collection.insertMany(docs as never[], { ordered: true });
      return [...drafts];
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const found = new Map(
        (await this.messages.find({ _id: { $in: drafts.map(({ message }) => message.id) } }).lean()).map((doc) => [
          doc._id,
          doc,
        ]),
      );
      const stored: MessageDraft[] = [];
      for (const { message } of drafts) {
        const doc = found.get(message.id);
        if (!doc || doc.clientMsgId !== message.clientMsgId || doc.senderId !== message.senderId) break;
        // Ours: this try's, or an earlier try of the same send that was stored without its answer.
        stored.push({ message: toMessage(doc), events: eventsOf(doc, chatType).events });
      }
      return stored;
    }
  }

  /**
   * Inserts at lastSeq + 1. A duplicate key is either a taken seq (the head in Redis was behind:
   * it is rebuilt and the next seq tried) or the sender's earlier message with this clientMsgId (a
   * retry after the idempotency window: the rare path that reads by a secondary key).
   */
  private async insertNext(
    chat: Chat,
    key: { senderId: string; clientMsgId: string },
    decide: (chat: Chat, seq: number) => MessageDraft | Promise<MessageDraft>,
  ): Promise<{ chat: Chat; message: Message; events: MessageDraft['events']; created: boolean }> {
    let lastSeq = chat.lastSeq;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const draft = await decide(chat, lastSeq + 1);
      const { message, events } = draft;
      if (message.id !== messageIdOf(chat.id, message.seq)) throw new Error('a message id must derive from its seq');
      try {
        await this.messages.collection.insertOne(newMessageDoc(draft) as never);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (await this.messages.exists({ _id: message.id })) {
          const trailing = lastSeq;
          lastSeq = (await this.heads.rebuild(chat.id, lastSeq + 1, { underLock: true })).lastSeq;
          await this.queueStranded(chat, trailing, lastSeq);
          continue;
        }
        const earlier = await this.messages.findOne({ chatId: chat.id, ...key }).lean();
        if (earlier) return { chat, message: toMessage(earlier), events: [], created: false };
        throw error;
      }
      const transaction = this.redis.multi(); // as in appendGroup
      this.heads.appended(transaction, message);
      transaction.set(idempotencyKey(chat.id, key), message.id, 'EX', IDEMPOTENCY_WINDOW_SECONDS);
      this.outbox.enqueueDocs(transaction, this.messages.collection.name, [queuedOf(draft)]);
      this.outbox.written(transaction, SENDS_IN_FLIGHT, chat.id);
      await transaction.exec();
      return { chat: { ...chat, lastSeq: message.seq }, message, events, created: true };
    }
    throw new Error(`could not allocate a seq in chat ${chat.id}`);
  }

  async page(
    chat: { id: string; type: ChatType; lastSeq: number },
    range: { before?: number; after?: number },
    limit: number,
  ): Promise<{ items: Message[]; lastSeq: number }> {
    const window = (lastSeq: number): { from: number; to: number } => {
      if (range.after !== undefined) return { from: range.after + 1, to: Math.min(range.after + limit, lastSeq) };
      const last = Math.min(lastSeq, (range.before ?? Infinity) - 1);
      return { from: Math.max(1, last - limit + 1), to: last };
    };
    const { from, to } = window(chat.lastSeq);
    // The head may trail a send whose process died before updating it: when the page asks past the
    // head, the same `$in` read also asks for the seq after it (no query of its own).
    const pastHead =
      range.after !== undefined ? range.after + limit > chat.lastSeq : (range.before ?? Infinity) - 1 > chat.lastSeq;
    const probe = pastHead ? messageIdOf(chat.id, chat.lastSeq + 1) : undefined;
    const found = await this.seqs(chat.id, from, to, probe);
    if (probe === undefined || found.at(-1)?.id !== probe) return { items: found, lastSeq: chat.lastSeq };
    const { lastSeq } = await this.heads.rebuild(chat.id, chat.lastSeq + 1);
    await this.queueStranded(chat, chat.lastSeq, lastSeq);
    const again = window(lastSeq);
    return { items: await this.seqs(chat.id, again.from, again.to), lastSeq };
  }

  /**
   * Messages `from`..`to` (and `also`, one more id) in one `_id: {$in}` read, in seq order; an
   * imported chat may lack some seqs. Real MongoDB serves it from the `_id` index; the local
   * FerretDB pushes the IN list down to its `_id` index too (our patch, docs/decisions/0040), one
   * query instead of one per message.
   */
  private async seqs(chatId: string, from: number, to: number, also?: string): Promise<Message[]> {
    const ids = to < from ? [] : Array.from({ length: to - from + 1 }, (_, index) => messageIdOf(chatId, from + index));
    if (also !== undefined) ids.push(also);
    if (ids.length === 0) return [];
    const docs = await this.messages.find({ _id: { $in: ids } }).lean();
    return docs
      .filter((doc) => doc.chatId === chatId)
      .sort((a, b) => a.seq - b.seq)
      .map(toMessage);
  }

  async find(chatId: string, messageId: string): Promise<Message | undefined> {
    const doc = await this.messages.findById(messageId).lean();
    return doc && doc.chatId === chatId ? toMessage(doc) : undefined;
  }

  async change(
    chatId: string,
    messageId: string,
    userId: string,
    decide: (chat: Chat, message: Message | undefined, members: Members) => MessageChange,
  ): Promise<Message> {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const [loaded, found] = await Promise.all([
        this.chats.load(chatId, [userId], { underLock: true }),
        this.messages.findById(messageId).lean(),
      ]);
      if (!loaded) throw ChatErrors.notFound();
      const { chat } = loaded;
      const doc = found?.chatId === chatId ? found : null;
      const change = decide(chat, doc ? toMessage(doc) : undefined, loaded.members);
      if (!doc) throw MessageErrors.notFound();
      const version = doc.version + 1;
      const set = {
        ...(change.body !== undefined ? { body: change.body } : {}),
        ...(change.held !== undefined ? { held: change.held } : {}),
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
      const outbox = withPendingEvents(doc.pendingEvents, events);
      await this.messages.updateOne({ _id: messageId }, { $set: { ...set, ...outbox } });
      await this.outbox.committedDocs(this.messages.collection.name, [{ id: messageId, ...outbox }]);
      if (change.deletedAt) await this.heads.cleared(chatId, messageId);
      return { chat, updated, events };
    });
    await this.listener.committed(result.chat, result.events, result.updated);
    return result.updated;
  }
}

/** The chats' recovery of sends whose process died between insert and transaction (docs/decisions/0060). */
@injectable()
export class RecoverStrandedSends implements OutboxWriteRecovery {
  readonly name = SENDS_IN_FLIGHT;

  constructor(@inject(MongoMessageStore) private readonly store: MongoMessageStore) {}

  recover(chatId: string): Promise<void> {
    return this.store.recoverStranded(chatId);
  }
}

/** The reply to the index-th command of an executed pipeline; throws that command's error. */
function replyOf(replies: PipelineReplies | null, index: number): unknown {
  const reply = replies?.[index];
  if (!reply) throw new Error('redis pipeline returned no reply');
  if (reply[0]) throw reply[0];
  return reply[1];
}

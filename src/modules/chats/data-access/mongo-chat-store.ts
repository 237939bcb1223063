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
  type ReadMarkerMove,
} from '../application/ports';
import { ChatErrors, type Chat, type Members } from '../domain/chat';
import { CHAT_LOCK, chatLockKey, isDuplicateKey, toChat, toMember } from './mappers';
import { chatModels, memberKey, type ChatDoc, type MemberDoc } from './models';
import { MongoMembers } from './mongo-members';
import { RedisChatHeads, type ChatHead } from './redis-chat-heads';

/** How many chats' documents a process keeps for `load` (least recently used go first). */
const CACHED_CHATS = 10_000;

interface CachedChat {
  readonly doc: ChatDoc;
  /** Member documents read so far at the doc's version; null: not a member at that version. */
  readonly members: Map<string, MemberDoc | null>;
}

const activityOf = (doc: ChatDoc, head: ChatHead): string =>
  head.lastMessage?.sentAt ?? new Date(doc.createdAt).toISOString();

/** `Members` over the member documents a write looked up, with every member on demand. */
function membersOver(found: ReadonlyMap<string, MemberDoc>, head: ChatHead, all: () => Promise<MemberDoc[]>): Members {
  return {
    of: (userId) => {
      const doc = found.get(userId);
      return doc ? toMember(doc, head) : undefined;
    },
    all: async () => (await all()).map((doc) => toMember(doc, head)),
  };
}

/**
 * Chats in MongoDB: one small document per chat with its pending events; its members are documents
 * of their own (MongoMembers, docs/decisions/0036), and its tail (last seq and message) is the
 * chat's head in Redis, which sends keep (docs/decisions/0031). Every read is by `_id`. It also
 * answers membership for other modules (ChatMembership), from the owner store, never stale.
 */
@injectable()
export class MongoChatStore implements ChatStore, ChatMembership {
  private readonly chats: Model<ChatDoc>;
  private readonly memberDocs: Model<MemberDoc>;
  /** Chats and member documents read here, by chat id, oldest use first (see `load`). */
  private readonly cache = new Map<string, CachedChat>();

  constructor(
    @inject(MONGO_CONNECTION) connection: Connection,
    @inject(REDIS_LOCKS) private readonly locks: RedisLocks,
    @inject(MONGO_OUTBOX_NOTIFIER) private readonly outbox: MongoOutboxNotifier,
    @inject(RedisChatHeads) private readonly heads: RedisChatHeads,
    @inject(MongoMembers) private readonly members: MongoMembers,
    @inject(CHAT_COMMIT_LISTENER) private readonly listener: ChatCommitListener,
  ) {
    ({ chats: this.chats, members: this.memberDocs } = chatModels(connection));
  }

  /**
   * The chat document first (the unique pair key decides a race for a direct chat), then its
   * members; a direct chat found existing gets its pair's documents again if a creator died between.
   */
  async create(
    chat: NewChat,
    events: (chatId: string) => PendingEvent[],
    directKey?: string,
  ): Promise<{ chat: Chat; created: boolean }> {
    const id = randomUUID();
    const now = new Date();
    const saved = events(id);
    try {
      await this.chats.collection.insertOne({
        _id: id,
        type: chat.type,
        title: chat.title,
        ...(directKey ? { directKey } : {}),
        memberCount: chat.members.length,
        joins: chat.members.length,
        lastSeq: 0,
        lastActivityAt: now,
        createdAt: now,
        version: 1,
        ...withPendingEvents([], saved),
      } as never);
    } catch (error) {
      if (!directKey || !isDuplicateKey(error)) throw error;
      const existing = await this.chats.findOne({ directKey }).lean();
      if (!existing) throw error;
      const present = await this.members.lookup(existing._id, directKey.split(':'));
      const missing = chat.members
        .map((member, index) => ({ member, index }))
        .filter(({ member }) => !present.has(member.userId));
      if (missing.length > 0) await this.heads.unstamp(existing._id); // copies without these members
      for (const { member, index } of missing) await this.members.join(existing._id, index, [member]);
      return { chat: toChat(existing, await this.heads.one(existing._id, existing.lastSeq)), created: false };
    }
    await this.members.join(id, 0, chat.members);
    await this.outbox.committedDocs(this.chats.collection.name, [{ id, pendingEvents: saved }]);
    const created = (await this.find(id)) as Chat;
    await this.listener.committed(created, saved);
    return { chat: created, created: true };
  }

  async find(chatId: string): Promise<Chat | undefined> {
    const doc = await this.chats.findById(chatId).lean();
    return doc ? toChat(doc, await this.heads.one(chatId, doc.lastSeq)) : undefined;
  }

  /**
   * The chat and the member documents of `userIds`. Served from this process's copy while the
   * chat's head in Redis (read anyway, one round trip) carries the copy's version: a send or a
   * history page then reads nothing from MongoDB. Writers of the chat or its members unstamp the
   * head before they write and stamp the new version after (under the lock), so a copy is never
   * used across a change; a read under the lock stamps a head that lost its stamp (docs/decisions/0051).
   * `head` is the head as the caller already read it under the lock (`peeked`: none), if it did.
   */
  async load(
    chatId: string,
    userIds: readonly string[],
    options: { underLock?: boolean; head?: { peeked: ChatHead | undefined } } = {},
  ): Promise<{ chat: Chat; members: Members } | undefined> {
    const peeked = options.head ? options.head.peeked : await this.heads.peek(chatId);
    const cached = this.cache.get(chatId);
    if (peeked?.chatVersion !== undefined && cached?.doc.version === peeked.chatVersion) {
      const missing = userIds.filter((id) => !cached.members.has(id));
      if (missing.length > 0) {
        const more = await this.members.lookup(chatId, missing);
        for (const id of missing) cached.members.set(id, more.get(id) ?? null);
      }
      this.cache.delete(chatId); // most recently used last
      this.cache.set(chatId, cached);
      const found = new Map<string, MemberDoc>();
      for (const id of userIds) {
        const member = cached.members.get(id);
        if (member) found.set(id, member);
      }
      return { chat: toChat(cached.doc, peeked), members: membersOver(found, peeked, () => this.members.all(chatId)) };
    }
    const [doc, found] = await Promise.all([this.chats.findById(chatId).lean(), this.members.lookup(chatId, userIds)]);
    if (!doc) return undefined;
    const head = peeked ?? (await this.heads.one(chatId, doc.lastSeq));
    if (options.underLock && head.chatVersion !== doc.version) await this.heads.stamp(chatId, doc.version);
    if (options.underLock || head.chatVersion === doc.version) this.remember(doc, userIds, found);
    return { chat: toChat(doc, head), members: membersOver(found, head, () => this.members.all(chatId)) };
  }

  private remember(doc: ChatDoc, userIds: readonly string[], found: ReadonlyMap<string, MemberDoc>): void {
    const members = new Map<string, MemberDoc | null>(userIds.map((id) => [id, found.get(id) ?? null]));
    this.cache.delete(doc._id);
    this.cache.set(doc._id, { doc: { ...doc, pendingEvents: [] }, members });
    if (this.cache.size > CACHED_CHATS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  async summaryOf(chatId: string): Promise<ChatSummary | undefined> {
    const doc = await this.chats.findById(chatId).lean();
    if (!doc) return undefined;
    const head = await this.heads.one(chatId, doc.lastSeq);
    return this.summary(doc, head);
  }

  private async summary(doc: ChatDoc, head: ChatHead): Promise<ChatSummary> {
    const members = (await this.members.all(doc._id)).map((member) => toMember(member, head));
    return {
      chat: { ...toChat(doc, head), members },
      lastMessage: head.lastMessage,
      lastActivityAt: activityOf(doc, head),
    };
  }

  /**
   * The user's chat ids (one `_id` read), each chat and the user's member document by `_id` (the
   * member document is the proof: a chat left half-way is not listed), heads in one Redis round
   * trip; members of the page's chats only.
   */
  async listForUser(
    userId: string,
    after: { at: string; id: string } | undefined,
    limit: number,
  ): Promise<ChatSummary[]> {
    const chatIds = await this.members.chatIdsOf(userId);
    const [docs, mine] = await Promise.all([
      Promise.all(chatIds.map((id) => this.chats.findById(id).lean<ChatDoc>())),
      Promise.all(chatIds.map((id) => this.memberDocs.findById(memberKey(id, userId), { _id: 1 }).lean())),
    ]);
    const listed = docs.filter((doc, index): doc is ChatDoc => doc !== null && mine[index] !== null);
    const heads = await this.heads.of(listed.map((doc) => ({ id: doc._id, floor: doc.lastSeq })));
    const rows = listed.map((doc) => ({ doc, head: heads.get(doc._id) as ChatHead }));
    const key = (row: { doc: ChatDoc; head: ChatHead }) => ({ at: activityOf(row.doc, row.head), id: row.doc._id });
    const newestFirst = (a: { at: string; id: string }, b: { at: string; id: string }): number =>
      b.at.localeCompare(a.at) || a.id.localeCompare(b.id);
    rows.sort((a, b) => newestFirst(key(a), key(b)));
    const start = after ? rows.findIndex((row) => newestFirst(key(row), after) > 0) : 0;
    const page = start < 0 ? [] : rows.slice(start, start + limit);
    return Promise.all(page.map(({ doc, head }) => this.summary(doc, head)));
  }

  chatIdsOf(userId: string): Promise<string[]> {
    return this.members.chatIdsOf(userId);
  }

  async membersOf(chatId: string): Promise<{ type: 'direct' | 'group'; memberIds: string[] } | undefined> {
    const doc = await this.chats.findById(chatId, { type: 1, version: 1 }).lean();
    const ids = doc ? await this.members.ids(chatId, doc) : undefined;
    return doc && ids ? { type: doc.type, memberIds: [...ids] } : undefined;
  }

  async isMember(chatId: string, userId: string): Promise<boolean> {
    return (await this.memberDocs.findById(memberKey(chatId, userId), { _id: 1 }).lean()) !== null;
  }

  /**
   * Under the chat's lock: the members' documents first (joins, leaves, roles: O(1) small documents
   * each), then the chat document with the new version and the events, which commits the change.
   */
  async change(
    chatId: string,
    userIds: readonly string[],
    decide: (chat: Chat, members: Members) => ChatChange | undefined | Promise<ChatChange | undefined>,
  ): Promise<Chat> {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const [doc, found] = await Promise.all([
        this.chats.findById(chatId).lean(),
        this.members.lookup(chatId, userIds),
      ]);
      if (!doc) throw ChatErrors.notFound();
      const head = await this.heads.one(chatId, doc.lastSeq);
      let everyone: Promise<MemberDoc[]> | undefined;
      const all = (): Promise<MemberDoc[]> => (everyone ??= this.members.all(chatId));
      const change = await decide(toChat(doc, head), membersOver(found, head, all));
      if (!change) return { chat: toChat(doc, head), events: [] };
      const version = doc.version + 1;
      const events = change.events(version);
      const joined = change.join ?? [];
      const removed = await this.documentsOf(chatId, change.remove ?? [], found);
      this.cache.delete(chatId);
      await this.heads.unstamp(chatId); // no process may use its copy from here on
      // Joins and roles before leaves: a reader between two writes never sees a chat without its heir.
      await this.members.join(chatId, doc.joins, joined);
      if (change.roles) await this.members.setRoles(chatId, change.roles);
      await this.members.leave(chatId, removed);
      const set = {
        ...(change.title !== undefined ? { title: change.title } : {}),
        memberCount: doc.memberCount + joined.length - removed.length,
        joins: doc.joins + joined.length,
        version,
        ...withPendingEvents(doc.pendingEvents, events),
      };
      await this.chats.updateOne({ _id: chatId }, { $set: set });
      await this.heads.stamp(chatId, version);
      this.members.forget(chatId);
      await this.outbox.committedDocs(this.chats.collection.name, [{ id: chatId, pendingEvents: set.pendingEvents }]);
      return { chat: toChat({ ...doc, ...set }, head), events };
    });
    if (result.events.length > 0) await this.listener.committed(result.chat, result.events);
    return result.chat;
  }

  private async documentsOf(
    chatId: string,
    userIds: readonly string[],
    found: ReadonlyMap<string, MemberDoc>,
  ): Promise<MemberDoc[]> {
    const missing = userIds.filter((id) => !found.has(id));
    const more = missing.length > 0 ? await this.members.lookup(chatId, missing) : new Map<string, MemberDoc>();
    return userIds.map((id) => found.get(id) ?? more.get(id)).filter((doc) => doc !== undefined);
  }

  /** One member document rewritten with the marker and its events (its own outbox), under the chat's lock. */
  async moveReadMarker(
    chatId: string,
    userId: string,
    decide: (chat: Chat, members: Members) => ReadMarkerMove | undefined,
  ): Promise<Chat> {
    const result = await this.locks.withLock(chatLockKey(chatId), CHAT_LOCK, async () => {
      const [doc, found] = await Promise.all([
        this.chats.findById(chatId).lean(),
        this.members.lookup(chatId, [userId]),
      ]);
      if (!doc) throw ChatErrors.notFound();
      const head = await this.heads.one(chatId, doc.lastSeq);
      const chat = toChat(doc, head);
      const move = decide(
        chat,
        membersOver(found, head, () => this.members.all(chatId)),
      );
      const member = found.get(userId);
      if (!move || !member) return { chat, events: [] };
      const events = move.events(doc.version);
      const outbox = withPendingEvents(member.pendingEvents ?? [], events);
      await this.memberDocs.updateOne({ _id: member._id }, { $set: { lastReadSeq: move.seq, ...outbox } });
      await this.outbox.committedDocs(this.memberDocs.collection.name, [{ id: member._id, ...outbox }]);
      return { chat, events };
    });
    if (result.events.length > 0) await this.listener.committed(result.chat, result.events);
    return result.chat;
  }
}

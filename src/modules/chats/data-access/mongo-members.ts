import type { Model } from 'mongoose';
import type { RedisLocks } from '../../../platform/redis';
import type { ChatRoster } from '../application/ports';
import type { Chat, ChatWithMembers, Member } from '../domain/chat';
import type { MemberRole } from '../domain/events';
import {
  memberKey,
  rosterKey,
  ROSTER_PAGE,
  type ChatDoc,
  type ChatModels,
  type MemberDoc,
  type RosterDoc,
  type UserChatsDoc,
} from './models';
import { toMember } from './mappers';
import type { RedisChatHeads } from './redis-chat-heads';

/** The lock a user's chat list is rewritten under (FerretDB's updates are read-modify-write). */
const userChatsLock = (userId: string): string => `user-chats:${userId}`;
const USER_CHATS_LOCK = { ttlMs: 10_000, waitMs: 10_000 };

/** How long a roster stays cached at one chat version, in case a half-done change left it stale. */
/** The most `_id`s one `$in` read asks for (the stack's FerretDB pushes down lists up to 1,000). */
const ID_CHUNK = 500;
const ROSTER_TTL_MS = 60_000;
const ROSTER_CACHE_SIZE = 5_000;

/**
 * Membership documents (docs/decisions/0036): one per member (`<chatId>:<userId>`), the chat's
 * member ids in roster pages (`<chatId>:<page>`, at most ROSTER_PAGE ids each), and each user's
 * chat ids (`user_chats`, keyed by user). Every read and write here is by `_id`. Writes to a chat's
 * members hold the chat's lock (the caller's); a user's chat list is rewritten under that user's lock.
 */
export class MongoMembers implements ChatRoster {
  private readonly members: Model<MemberDoc>;
  private readonly rosters: Model<RosterDoc>;
  private readonly userChats: Model<UserChatsDoc>;
  private readonly chats: Model<ChatDoc>;
  /** Member ids by chat, valid for the chat version they were read at (every membership change bumps it). */
  private readonly rosterCache = new Map<string, { version: number; ids: readonly string[]; at: number }>();

  constructor(
    models: ChatModels,
    private readonly locks: RedisLocks,
    private readonly heads: RedisChatHeads,
  ) {
    ({ members: this.members, rosters: this.rosters, userChats: this.userChats, chats: this.chats } = models);
  }

  /**
   * The member documents of `userIds` in `chatId` that exist: `_id: {$in}` reads of up to
   * ID_CHUNK ids each, in parallel (real MongoDB and the stack's FerretDB both serve them from the
   * `_id` index, docs/decisions/0040): 10 queries for 10,000 members instead of 10,000.
   */
  async lookup(chatId: string, userIds: readonly string[]): Promise<Map<string, MemberDoc>> {
    const keys = [...new Set(userIds)].map((userId) => memberKey(chatId, userId));
    const chunks = Array.from({ length: Math.ceil(keys.length / ID_CHUNK) }, (_, i) =>
      keys.slice(i * ID_CHUNK, (i + 1) * ID_CHUNK),
    );
    const docs = (
      await Promise.all(
        chunks.map((chunk) =>
          chunk.length === 1
            ? this.members.find({ _id: chunk[0] }).lean()
            : this.members.find({ _id: { $in: chunk } }).lean(),
        ),
      )
    ).flat();
    return new Map(docs.filter((doc) => doc.chatId === chatId).map((doc) => [doc.userId, doc]));
  }

  /**
   * The ids of a chat's members. Cached per process at the chat's version: a caller that read the
   * chat (every send does, under its lock) passes the version it saw, so a join or leave elsewhere
   * (which bumps the version) is never served stale; without one the chat document is read (1 `_id`).
   * A miss reads ceil(joins / ROSTER_PAGE) roster pages by `_id`.
   */
  async ids(chatId: string, known?: { version: number }): Promise<readonly string[] | undefined> {
    const cached = this.rosterCache.get(chatId);
    const fresh = (version: number): boolean =>
      cached !== undefined && cached.version === version && Date.now() - cached.at < ROSTER_TTL_MS;
    if (known && fresh(known.version)) return cached?.ids;
    const doc = await this.chats.findById(chatId, { version: 1, joins: 1 }).lean();
    if (!doc) return undefined;
    if (fresh(doc.version)) return cached?.ids;
    const ids = await this.rosterOf(chatId, doc.joins);
    if (this.rosterCache.size >= ROSTER_CACHE_SIZE) this.rosterCache.delete(this.rosterCache.keys().next().value ?? '');
    this.rosterCache.set(chatId, { version: doc.version, ids, at: Date.now() });
    return ids;
  }

  async memberIds(chat: Pick<Chat, 'id' | 'version'>): Promise<readonly string[]> {
    return (await this.ids(chat.id, chat)) ?? [];
  }

  async withMembers(chat: Chat): Promise<ChatWithMembers> {
    const [docs, head] = await Promise.all([this.all(chat.id), this.heads.one(chat.id, chat.lastSeq)]);
    return { ...chat, members: docs.map((doc) => toMember(doc, head)) };
  }

  /** Every member document of a chat: O(members) `_id` reads (views and ownership hand-over only). */
  async all(chatId: string): Promise<MemberDoc[]> {
    const ids = (await this.ids(chatId)) ?? [];
    const found = await this.lookup(chatId, ids);
    return ids.map((id) => found.get(id)).filter((doc) => doc !== undefined);
  }

  private async rosterOf(chatId: string, joins: number): Promise<string[]> {
    const pages = Math.ceil(joins / ROSTER_PAGE);
    if (pages === 0) return [];
    const keys = Array.from({ length: pages }, (_, page) => rosterKey(chatId, page));
    // One `_id: {$in}` read (0040), pages put back in order.
    const docs = await this.rosters.find(keys.length === 1 ? { _id: keys[0] } : { _id: { $in: keys } }).lean();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    return keys.flatMap((key) => byId.get(key)?.userIds ?? []);
  }

  /**
   * Adds members who joined as the `from`-th, `from + 1`-th… member ever: their documents, their
   * ids on the roster page their join number falls on, and the chat in each one's list.
   */
  async join(chatId: string, from: number, joined: readonly Member[]): Promise<void> {
    if (joined.length === 0) return;
    const docs = documentsOf(chatId, from, joined);
    await this.members.bulkWrite(
      docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
      { ordered: false },
    );
    const pages = new Map<number, string[]>();
    for (const doc of docs) pages.set(doc.page, [...(pages.get(doc.page) ?? []), doc.userId]);
    await Promise.all(
      [...pages].map(([page, userIds]) =>
        this.rosters.updateOne(
          { _id: rosterKey(chatId, page) },
          { $setOnInsert: { chatId }, $addToSet: { userIds: { $each: userIds } } },
          { upsert: true },
        ),
      ),
    );
    await Promise.all(joined.map((member) => this.listed(member.userId, [chatId], 'add')));
  }

  /**
   * Imported chats' members, in bulk: member documents in unordered inserts of 5,000, roster pages
   * by `_id`, and each user's list once per batch.
   */
  async joinMany(chats: readonly { chatId: string; members: readonly Member[] }[]): Promise<void> {
    const docs = chats.flatMap(({ chatId, members }) => documentsOf(chatId, 0, members));
    if (docs.length === 0) return;
    // New chats: plain inserts (a re-import finds its documents there already: duplicates are skipped).
    for (let start = 0; start < docs.length; start += 5_000) {
      try {
        await this.members.collection.insertMany(docs.slice(start, start + 5_000) as never[], { ordered: false });
      } catch (error) {
        const errors = (error as { writeErrors?: { code: number }[] | { code: number } }).writeErrors;
        const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
        if (list.length === 0 || list.some((writeError) => writeError.code !== 11000)) throw error;
      }
    }
    const pages = new Map<string, { chatId: string; userIds: string[] }>();
    const byUser = new Map<string, string[]>();
    for (const doc of docs) {
      const key = rosterKey(doc.chatId, doc.page);
      const page = pages.get(key) ?? { chatId: doc.chatId, userIds: [] };
      page.userIds.push(doc.userId);
      pages.set(key, page);
      byUser.set(doc.userId, [...(byUser.get(doc.userId) ?? []), doc.chatId]);
    }
    await this.rosters.bulkWrite(
      [...pages].map(([key, page]) => ({
        updateOne: {
          filter: { _id: key },
          update: { $setOnInsert: { chatId: page.chatId }, $addToSet: { userIds: { $each: page.userIds } } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    // Users' lists in unordered batches, without the per-user lock that live joins take: on FerretDB
    // an import racing a live join or leave of the same user may lose that one list entry (real
    // MongoDB applies $addToSet atomically); docs/decisions/0036.
    const users = [...byUser];
    for (let start = 0; start < users.length; start += 5_000) {
      await this.userChats.bulkWrite(
        users.slice(start, start + 5_000).map(([userId, chatIds]) => ({
          updateOne: { filter: { _id: userId }, update: { $addToSet: { chatIds: { $each: chatIds } } }, upsert: true },
        })),
        { ordered: false },
      );
    }
  }

  /** Takes members out: their documents, their roster entries and the chat from their lists. */
  async leave(chatId: string, left: readonly MemberDoc[]): Promise<void> {
    if (left.length === 0) return;
    await Promise.all(left.map((doc) => this.members.deleteOne({ _id: doc._id })));
    const pages = new Map<number, string[]>();
    for (const doc of left) pages.set(doc.page, [...(pages.get(doc.page) ?? []), doc.userId]);
    await Promise.all(
      [...pages].map(([page, userIds]) =>
        this.rosters.updateOne({ _id: rosterKey(chatId, page) }, { $pullAll: { userIds } }),
      ),
    );
    await Promise.all(left.map((doc) => this.listed(doc.userId, [chatId], 'remove')));
  }

  async setRoles(chatId: string, roles: readonly { userId: string; role: MemberRole }[]): Promise<void> {
    await Promise.all(
      roles.map(({ userId, role }) => this.members.updateOne({ _id: memberKey(chatId, userId) }, { $set: { role } })),
    );
  }

  /** The ids of the chats `userId` is listed in (one `_id` read). */
  async chatIdsOf(userId: string): Promise<string[]> {
    return (await this.userChats.findById(userId).lean())?.chatIds ?? [];
  }

  /** Adds or removes chats in a user's list, under that user's lock (no lost update on FerretDB). */
  async listed(userId: string, chatIds: readonly string[], how: 'add' | 'remove'): Promise<void> {
    await this.locks.withLock(userChatsLock(userId), USER_CHATS_LOCK, async () => {
      if (how === 'add') {
        await this.userChats.updateOne(
          { _id: userId },
          { $addToSet: { chatIds: { $each: [...chatIds] } } },
          { upsert: true },
        );
      } else {
        await this.userChats.updateOne({ _id: userId }, { $pullAll: { chatIds: [...chatIds] } });
      }
    });
  }

  /** Forgets a chat's cached roster (after this process changed it; others see the new version). */
  forget(chatId: string): void {
    this.rosterCache.delete(chatId);
  }
}

/** The documents of members who joined as the `from`-th… member of a chat. */
export function documentsOf(chatId: string, from: number, joined: readonly Member[]): MemberDoc[] {
  return joined.map((member, index) => ({
    _id: memberKey(chatId, member.userId),
    chatId,
    userId: member.userId,
    role: member.role,
    joinedAt: new Date(member.joinedAt),
    lastReadSeq: member.lastReadSeq,
    page: Math.floor((from + index) / ROSTER_PAGE),
    pendingEvents: [],
    outboxSince: null,
  }));
}

/** A MongoDB index, applied by `npx polychat migrate` (createIndex is idempotent). */
export interface MongoIndex {
  readonly collection: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
  readonly options?: { readonly name: string; readonly unique?: boolean; readonly sparse?: boolean };
}

/**
 * MongoDB collections and indexes. Only features FerretDB and MongoDB share: no TTL, text or
 * partial indexes (docs/decisions/0004). Every collection the code uses is created here, before
 * traffic, so none is created by its first write (mongo-collections.test.ts).
 */
export const mongoCollections: readonly string[] = [
  'user_profiles',
  'chats',
  'chat_members',
  'chat_rosters',
  'user_chats',
  'messages',
  'notifications',
  'moderation_reviews',
  'moderation_chat_policies',
  'moderation_chat_roles',
  'notification_held_messages',
  // Bulk batches in flight (docs/decisions/0035); small, read whole by the outbox recovery.
  'outbox_batches',
  'dataset_checkpoints',
];
export const mongoIndexes: readonly MongoIndex[] = [
  { collection: 'user_profiles', keys: { usernameLower: 1 }, options: { name: 'username_lower' } },
  // One direct chat per pair of users (group chats have no directKey).
  { collection: 'chats', keys: { directKey: 1 }, options: { name: 'direct_pair', unique: true, sparse: true } },
  // Outbox scan: documents with events not yet published.
  { collection: 'chats', keys: { outboxSince: 1 }, options: { name: 'chat_outbox', sparse: true } },
  // Members, roster pages and users' chat lists are read by `_id` only (docs/decisions/0036); a
  // member document carries its read-marker events.
  { collection: 'chat_members', keys: { outboxSince: 1 }, options: { name: 'member_outbox', sparse: true } },
  // History and catch-up by seq; the unique index is the guard against a seq handed out twice.
  { collection: 'messages', keys: { chatId: 1, seq: 1 }, options: { name: 'chat_seq', unique: true } },
  // A retried send with the same clientMsgId finds the first one.
  {
    collection: 'messages',
    keys: { chatId: 1, senderId: 1, clientMsgId: 1 },
    options: { name: 'client_msg', unique: true },
  },
  { collection: 'messages', keys: { outboxSince: 1 }, options: { name: 'message_outbox', sparse: true } },
  // A user's notifications, newest first, and the ones not yet delivered to a live connection.
  { collection: 'notifications', keys: { userId: 1, createdAt: -1 }, options: { name: 'user_recent' } },
  { collection: 'notifications', keys: { userId: 1, deliveredAt: 1 }, options: { name: 'user_undelivered' } },
  // The review queue (pending first, oldest first) and the labels (decided, oldest first).
  { collection: 'moderation_reviews', keys: { status: 1, createdAt: 1 }, options: { name: 'status_created' } },
];

/** Member ids per roster page; the same as the chats module's ROSTER_PAGE (docs/decisions/0036). */
const ROSTER_PAGE = 1000;

interface LegacyChat {
  _id: string;
  members?: { userId: string; role: string; joinedAt: Date; lastReadSeq: number }[];
}

/**
 * Moves the members of chats written before docs/decisions/0036 out of the chat document: a
 * `chat_members` document each (one already there, written since, is kept), roster pages, the chat
 * in each member's `user_chats` list, then `memberCount`/`joins` set and `members`/`memberIds`
 * removed. Idempotent, one chat at a time; the one scan (`members` exists) runs here, never on a
 * request. Also drops the old `memberIds` index.
 */
export async function moveMembersOutOfChats(db: import('mongodb').Db): Promise<number> {
  const chats = db.collection<LegacyChat>('chats');
  let moved = 0;
  for await (const chat of chats.find({ members: { $exists: true } }, { projection: { _id: 1, members: 1 } })) {
    const members = chat.members ?? [];
    if (members.length > 0) {
      await db.collection('chat_members').bulkWrite(
        members.map((member, index) => ({
          updateOne: {
            filter: { _id: `${chat._id}:${member.userId}` },
            update: {
              $setOnInsert: {
                chatId: chat._id,
                userId: member.userId,
                role: member.role,
                joinedAt: new Date(member.joinedAt),
                lastReadSeq: member.lastReadSeq,
                page: Math.floor(index / ROSTER_PAGE),
                pendingEvents: [],
                outboxSince: null,
              },
            },
            upsert: true,
          },
        })) as never,
        { ordered: false },
      );
      for (let page = 0; page * ROSTER_PAGE < members.length; page += 1) {
        const userIds = members.slice(page * ROSTER_PAGE, (page + 1) * ROSTER_PAGE).map((member) => member.userId);
        await db
          .collection('chat_rosters')
          .updateOne(
            { _id: `${chat._id}:${page}` } as never,
            { $setOnInsert: { chatId: chat._id }, $addToSet: { userIds: { $each: userIds } } },
            { upsert: true },
          );
      }
      for (const member of members) {
        await db
          .collection('user_chats')
          .updateOne({ _id: member.userId } as never, { $addToSet: { chatIds: chat._id } }, { upsert: true });
      }
    }
    await chats.updateOne(
      { _id: chat._id },
      { $set: { memberCount: members.length, joins: members.length }, $unset: { members: '', memberIds: '' } },
    );
    moved += 1;
  }
  const indexes = await db.collection('chats').indexes();
  if (indexes.some((index) => index.name === 'member_activity'))
    await db.collection('chats').dropIndex('member_activity');
  return moved;
}

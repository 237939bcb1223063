/** A MongoDB index, applied by `npx polychat migrate` (createIndex is idempotent). */
export interface MongoIndex {
  readonly collection: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
  readonly options?: { readonly name: string; readonly unique?: boolean; readonly sparse?: boolean };
}

/**
 * MongoDB collections and indexes. Only features FerretDB and MongoDB share: no TTL, text or
 * partial indexes (docs/decisions/0004).
 */
export const mongoCollections: readonly string[] = [
  'user_profiles',
  'chats',
  'messages',
  'notifications',
  'moderation_reviews',
  'moderation_chat_policies',
  // Bulk batches in flight (docs/decisions/0035); small, read whole by the outbox recovery.
  'outbox_batches',
];
export const mongoIndexes: readonly MongoIndex[] = [
  { collection: 'user_profiles', keys: { usernameLower: 1 }, options: { name: 'username_lower' } },
  // One direct chat per pair of users (group chats have no directKey).
  { collection: 'chats', keys: { directKey: 1 }, options: { name: 'direct_pair', unique: true, sparse: true } },
  // A user's chats by last activity.
  { collection: 'chats', keys: { memberIds: 1, lastActivityAt: -1 }, options: { name: 'member_activity' } },
  // Outbox scan: documents with events not yet published.
  { collection: 'chats', keys: { outboxSince: 1 }, options: { name: 'chat_outbox', sparse: true } },
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

import { inject, injectable } from 'inversify';
import type { Connection, Model, QueryFilter } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { ChatSnapshotReader, MessageSnapshotReader, SnapshotReader } from '../application/reconciliation-ports';
import type { ChatSnapshot, MessageSnapshot } from '../domain/snapshots';
import { chatModels, type ChatDoc, type MessageDoc } from './models';
import { MongoMembers } from './mongo-members';

const iso = (value: Date | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

/** `_id` after `after` (string order, as every store sorts UUIDs), and a field in `within`. */
function filterOf(after: string | undefined, field: string, within: readonly string[] | undefined) {
  const filter: Record<string, unknown> = {};
  if (after !== undefined) filter['_id'] = { $gt: after };
  if (within !== undefined) filter[field] = { $in: [...within] };
  return filter;
}

/** Chats and messages in _id order, as snapshots for the projections of them. */
@injectable()
export class MongoOwnerSnapshots {
  readonly chats: ChatSnapshotReader;
  readonly messages: MessageSnapshotReader;

  constructor(@inject(MONGO_CONNECTION) connection: Connection, @inject(MongoMembers) members: MongoMembers) {
    const models = chatModels(connection);
    // Member ids come from each chat's roster pages (docs/decisions/0036), cached at its version.
    const toChatSnapshot = async (doc: ChatDoc): Promise<ChatSnapshot> => ({
      id: doc._id,
      type: doc.type,
      memberIds: [...((await members.ids(doc._id, doc)) ?? [])].sort(),
      version: doc.version,
      pending: doc.outboxSince != null,
    });
    this.chats = reader(models.chats, '_id', toChatSnapshot, {
      type: 1,
      version: 1,
      outboxSince: 1,
    });
    this.messages = reader(models.messages, 'chatId', toMessageSnapshot, {
      chatId: 1,
      seq: 1,
      senderId: 1,
      body: 1,
      createdAt: 1,
      editedAt: 1,
      deletedAt: 1,
      outboxSince: 1,
    });
  }
}

function reader<D extends { _id: string }, S>(
  model: Model<D>,
  scopeField: string,
  toSnapshot: (doc: D) => S | Promise<S>,
  projection: Record<string, 1>,
): SnapshotReader<S> {
  const find = (filter: Record<string, unknown>) => model.find(filter as QueryFilter<D>, projection).sort({ _id: 1 });
  return {
    page: async (after, limit, within) =>
      Promise.all(
        (
          await find(filterOf(after, scopeField, within))
            .limit(limit)
            .lean<D[]>()
        ).map(toSnapshot),
      ),
    byIds: async (ids) => Promise.all((await find({ _id: { $in: [...ids] } }).lean<D[]>()).map(toSnapshot)),
    // Only sizes progress bars. The whole collection's size comes from the store's statistics
    // (`$collStats`: metadata on real MongoDB, page counts on the local server), not a count that
    // reads every document: at 1,000,000 messages that took the local server over a minute.
    count: async (within) => {
      if (within !== undefined) return model.countDocuments(filterOf(undefined, scopeField, within) as QueryFilter<D>);
      const shards = await model.aggregate<{ count?: number }>([{ $collStats: { count: {} } }]);
      return shards.reduce((sum, shard) => sum + (shard.count ?? 0), 0);
    },
    // No sort: real MongoDB walks the collection (or the scope field's index) once, and so does the
    // local server, which cannot serve an `_id` range from an index and would rescan for every page.
    batches: async function* (size, within) {
      const cursor = model
        .find(filterOf(undefined, scopeField, within) as QueryFilter<D>, projection)
        .lean<D[]>()
        .cursor({ batchSize: size });
      let batch: D[] = [];
      try {
        for await (const doc of cursor as AsyncIterable<D>) {
          batch.push(doc);
          if (batch.length < size) continue;
          yield await Promise.all(batch.map(toSnapshot));
          batch = [];
        }
        if (batch.length > 0) yield await Promise.all(batch.map(toSnapshot));
      } finally {
        await cursor.close();
      }
    },
  };
}

function toMessageSnapshot(doc: MessageDoc): MessageSnapshot {
  return {
    id: doc._id,
    chatId: doc.chatId,
    seq: doc.seq,
    senderId: doc.senderId,
    body: doc.deletedAt ? null : doc.body,
    sentAt: iso(doc.createdAt) ?? '',
    editedAt: iso(doc.editedAt),
    deletedAt: iso(doc.deletedAt),
    pending: doc.outboxSince != null,
  };
}

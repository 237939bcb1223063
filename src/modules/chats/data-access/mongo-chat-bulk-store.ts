import { inject, injectable, optional } from 'inversify';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import {
  MONGO_OUTBOX_BATCHES,
  MONGO_OUTBOX_NOTIFIER,
  withPendingEvents,
  type MongoOutboxBatches,
  type MongoOutboxNotifier,
} from '../../../platform/outbox';
import { MongoMembers } from './mongo-members';
import type {
  BulkConflict,
  BulkOutcome,
  ChatBulkStore,
  ChatWithTail,
  ImportBatchMeta,
  ImportedChat,
  ImportedMessage,
  WithEvents,
} from '../application/bulk-ports';
import { IMPORT_MESSAGES_BATCH } from '../application/bulk-ports';
import { chatModels, type ChatDoc, type MessageDoc } from './models';
import { toChatDoc, toImportedChat, toImportedMessage, toMessageDoc } from './bulk-mappers';

/** One failed document of an unordered insertMany. */
interface WriteError {
  readonly index: number;
  readonly code: number;
}

/**
 * Chats and messages written a batch per insertMany (unordered: one duplicate does not stop the
 * rest) and read back with cursors. Duplicates are sorted out afterwards: the same id means the
 * record is already there; anything else is a conflict on a unique key.
 */
@injectable()
export class MongoChatBulkStore implements ChatBulkStore {
  private readonly chatModel: Model<ChatDoc>;
  private readonly messageModel: Model<MessageDoc>;

  constructor(
    @inject(MONGO_CONNECTION) connection: Connection,
    @inject(MONGO_OUTBOX_NOTIFIER) private readonly outbox: MongoOutboxNotifier,
    @inject(MongoMembers) private readonly members: MongoMembers,
    @inject(MONGO_OUTBOX_BATCHES) @optional() private readonly batches?: MongoOutboxBatches,
  ) {
    ({ chats: this.chatModel, messages: this.messageModel } = chatModels(connection));
  }

  /**
   * The chat documents first (the unique pair key refuses a second direct chat), then the members
   * of the new ones as documents of their own (docs/decisions/0036), then their events are queued.
   */
  async insertChats(chats: readonly WithEvents<ChatWithTail>[]): Promise<BulkOutcome> {
    const docs = chats.map(({ record, events }) => ({ ...toChatDoc(record), ...withPendingEvents([], events) }));
    const failed = await this.insert(this.chatModel, docs);
    const conflicts = (ids: string[]): Promise<BulkConflict[]> =>
      Promise.resolve(ids.map((id) => ({ id, reason: 'direct_pair' })));
    const outcome = await this.outcome(this.chatModel, docs, failed, conflicts);
    const created = new Set(outcome.created);
    await this.members.joinMany(
      chats
        .filter(({ record }) => created.has(record.chat.id))
        .map(({ record }) => ({
          chatId: record.chat.id,
          members: record.chat.members.map((member) => ({ ...member, joinedAt: new Date(member.joinedAt) })),
        })),
    );
    return this.queued(this.chatModel, outcome);
  }

  /**
   * With Kafka at hand (MongoOutboxBatches bound), the messages are stored without events and the
   * batch publishes the events of those created (docs/decisions/0035); without it (a process that
   * did not connect Kafka), each message carries its events for the relay's bulk lane (0032).
   */
  async insertMessages(messages: readonly WithEvents<ImportedMessage>[], batch: ImportBatchMeta): Promise<BulkOutcome> {
    const batches = this.batches;
    if (!batches) return this.insertMessagesWithOutbox(messages);
    return batches.run(
      IMPORT_MESSAGES_BATCH,
      messages.map(({ record }) => record.id),
      { traceId: batch.traceId },
      async () => {
        const docs = messages.map(({ record }) => ({ ...toMessageDoc(record), ...withPendingEvents([], []) }));
        const failed = await this.insert(this.messageModel, docs);
        const result = await this.outcome(this.messageModel, docs, failed, (ids) => this.messageConflicts(docs, ids));
        const created = new Set(result.created);
        return {
          result,
          events: messages.filter(({ record }) => created.has(record.id)).flatMap(({ events }) => events),
        };
      },
    );
  }

  async storedMessages(ids: readonly string[]): Promise<ImportedMessage[]> {
    // Parallel `_id` reads: the one query shape both servers serve from an index (0031). Only a
    // recovered batch (its writer died) takes this path.
    const docs = await Promise.all(ids.map((id) => this.messageModel.findOne({ _id: id }).lean<MessageDoc>()));
    return docs.filter((doc): doc is MessageDoc => doc !== null).map(toImportedMessage);
  }

  private async insertMessagesWithOutbox(messages: readonly WithEvents<ImportedMessage>[]): Promise<BulkOutcome> {
    const docs = messages.map(({ record, events }) => ({ ...toMessageDoc(record), ...withPendingEvents([], events) }));
    const failed = await this.insert(this.messageModel, docs);
    return this.queued(
      this.messageModel,
      await this.outcome(this.messageModel, docs, failed, (ids) => this.messageConflicts(docs, ids)),
    );
  }

  /** Why messages refused as duplicates were refused: their seq is taken, or their clientMsgId. */
  private async messageConflicts(docs: readonly MessageDoc[], ids: readonly string[]): Promise<BulkConflict[]> {
    const wanted = docs.filter((doc) => ids.includes(doc._id));
    const taken = await this.messageModel
      .find({ $or: wanted.map((doc) => ({ chatId: doc.chatId, seq: doc.seq })) }, { chatId: 1, seq: 1 })
      .lean();
    const seqs = new Set(taken.map((doc) => `${doc.chatId}:${doc.seq}`));
    return wanted.map((doc) => ({
      id: doc._id,
      reason: seqs.has(`${doc.chatId}:${doc.seq}`) ? 'seq' : 'client_msg_id',
    }));
  }

  /** Queues the new documents' events for the relay, behind live traffic (the bulk lane). */
  private async queued<T>(model: Model<T>, outcome: BulkOutcome): Promise<BulkOutcome> {
    await this.outbox.committed(model.collection.name, outcome.created, 'bulk');
    return outcome;
  }

  async existingChatIds(ids: readonly string[]): Promise<Set<string>> {
    const docs = await this.chatModel.find({ _id: { $in: [...ids] } }, { _id: 1 }).lean();
    return new Set(docs.map((doc) => doc._id));
  }

  async *chats(): AsyncGenerator<ImportedChat> {
    for await (const doc of this.chatModel.find({}).lean<ChatDoc[]>().cursor({ batchSize: 500 })) {
      yield toImportedChat(doc, await this.members.all(doc._id));
    }
  }

  async *messages(): AsyncGenerator<ImportedMessage> {
    for await (const doc of this.messageModel.find({}).lean<MessageDoc[]>().cursor({ batchSize: 1000 })) {
      yield toImportedMessage(doc);
    }
  }

  async counts(): Promise<{ chats: number; messages: number }> {
    const [chats, messages] = await Promise.all([
      this.chatModel.estimatedDocumentCount(),
      this.messageModel.estimatedDocumentCount(),
    ]);
    return { chats, messages };
  }

  /** insertMany, unordered; returns the documents refused as duplicates (anything else throws). */
  private async insert<T>(model: Model<T>, docs: readonly T[]): Promise<WriteError[]> {
    try {
      await model.collection.insertMany(docs as never[], { ordered: false });
      return [];
    } catch (error) {
      const errors = (error as { writeErrors?: WriteError[] | WriteError }).writeErrors;
      const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
      if (list.length === 0 || list.some((writeError) => writeError.code !== 11000)) throw error;
      return list;
    }
  }

  /** Splits a batch: inserted, already there by id, or in conflict (`conflictsOf` says why). */
  private async outcome<T extends { _id: string }>(
    model: Model<T>,
    docs: readonly T[],
    failed: readonly WriteError[],
    conflictsOf: (ids: string[]) => Promise<BulkConflict[]>,
  ): Promise<BulkOutcome> {
    const failedIds = failed.map((writeError) => docs[writeError.index]?._id ?? '');
    const refused = new Set(failedIds);
    const created = docs.filter((doc) => !refused.has(doc._id)).map((doc) => doc._id);
    if (failedIds.length === 0) return { created, existing: [], conflicts: [] };
    const present = await model.collection
      .find({ _id: { $in: failedIds } } as never, { projection: { _id: 1 } })
      .toArray();
    const existing = new Set(present.map((doc) => String(doc._id)));
    const rest = failedIds.filter((id) => !existing.has(id));
    return { created, existing: [...existing], conflicts: rest.length > 0 ? await conflictsOf(rest) : [] };
  }
}

import { inject, injectable } from 'inversify';
import { Schema, type Connection, type Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { Checkpoint, CheckpointStore } from '../application/ports';

type CheckpointDoc = Omit<Checkpoint, 'key'> & { _id: string; updatedAt: Date };

const schema = new Schema<CheckpointDoc>(
  {
    _id: String,
    entity: { type: String, required: true },
    file: { type: String, required: true },
    line: { type: Number, required: true },
    rejectsBytes: { type: Number, required: true },
    created: { type: Number, required: true },
    existing: { type: Number, required: true },
    rejected: { type: Number, required: true },
    done: { type: Boolean, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'dataset_checkpoints', versionKey: false },
);

/**
 * Import checkpoints in MongoDB (`dataset_checkpoints`, a handful of documents), so they belong
 * to the environment that was imported into: the same files imported elsewhere start afresh.
 * One import runs at a time (the job lock), so plain upserts are safe.
 */
@injectable()
export class MongoCheckpointStore implements CheckpointStore {
  private readonly model: Model<CheckpointDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.model =
      (connection.models['DatasetCheckpoint'] as Model<CheckpointDoc> | undefined) ??
      connection.model<CheckpointDoc>('DatasetCheckpoint', schema);
  }

  async load(key: string): Promise<Checkpoint | undefined> {
    const doc = await this.model.findById(key).lean();
    if (!doc) return undefined;
    return {
      key: doc._id,
      entity: doc.entity,
      file: doc.file,
      line: doc.line,
      rejectsBytes: doc.rejectsBytes,
      created: doc.created,
      existing: doc.existing,
      rejected: doc.rejected,
      done: doc.done,
    };
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const { key, ...rest } = checkpoint;
    await this.model.updateOne({ _id: key }, { $set: { ...rest, updatedAt: new Date() } }, { upsert: true });
  }

  async clear(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }
}

import { inject, injectable } from 'inversify';
import type { Collection, Connection } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { ReviewStore } from '../application/ports';
import type { ReviewDecision, ReviewEntry } from '../domain/review';

interface ReviewDoc extends Omit<ReviewEntry, 'id' | 'createdAt' | 'decidedAt' | 'scores' | 'models' | 'reasons'> {
  /** Absent on entries queued before the abuse model: those were spam. */
  reasons?: string[];
  _id: string;
  scores: Record<string, number>;
  models: string[];
  createdAt: Date;
  decidedAt: Date | null;
}

/**
 * Review entries in MongoDB (`moderation_reviews`), keyed by the flagging event's id. The queue is
 * read by (status, createdAt) — an admin read, not a message hot path — served by the
 * status_created index on MongoDB (migrations/mongo.ts); decisions are `_id` updates.
 */
@injectable()
export class MongoReviewStore implements ReviewStore {
  private readonly reviews: Collection<ReviewDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.reviews = connection.collection<ReviewDoc>('moderation_reviews');
  }

  async add(entry: ReviewEntry): Promise<void> {
    const { id, createdAt, decidedAt, scores, models, reasons, ...rest } = entry;
    await this.reviews.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          ...rest,
          scores: { ...scores },
          models: [...models],
          reasons: [...reasons],
          createdAt: new Date(createdAt),
          decidedAt: decidedAt ? new Date(decidedAt) : null,
        },
      },
      { upsert: true },
    );
  }

  async find(id: string): Promise<ReviewEntry | undefined> {
    const doc = await this.reviews.findOne({ _id: id });
    return doc ? toEntry(doc) : undefined;
  }

  async pending(after: { createdAt: string; id: string } | undefined, limit: number): Promise<ReviewEntry[]> {
    const filter = after
      ? {
          status: 'pending' as const,
          $or: [
            { createdAt: { $gt: new Date(after.createdAt) } },
            { createdAt: new Date(after.createdAt), _id: { $gt: after.id } },
          ],
        }
      : { status: 'pending' as const };
    const docs = await this.reviews.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray();
    return docs.map(toEntry);
  }

  async decide(id: string, decision: ReviewDecision): Promise<ReviewEntry | undefined> {
    await this.reviews.updateOne(
      { _id: id },
      // FerretDB pushes down only an exact _id filter: the status guard is applied by reading first
      // (the use case refuses decided entries) and by this filter on real MongoDB.
      { $set: { status: decision.status, decidedBy: decision.decidedBy, decidedAt: new Date(decision.decidedAt) } },
    );
    return this.find(id);
  }

  async *labels(): AsyncIterable<ReviewEntry> {
    const cursor = this.reviews.find({ status: { $in: ['approved', 'rejected'] } }).sort({ createdAt: 1, _id: 1 });
    for await (const doc of cursor) yield toEntry(doc);
  }
}

function toEntry(doc: ReviewDoc): ReviewEntry {
  const { _id, createdAt, decidedAt, decidedBy, reasons, ...rest } = doc;
  return {
    ...rest,
    id: _id,
    reasons: reasons ?? ['spam'],
    // A pending entry's null may come back absent (the local server's upsert drops it): the answer
    // always carries the field (schemathesis ST108 on the queue).
    decidedBy: decidedBy ?? null,
    createdAt: new Date(createdAt).toISOString(),
    decidedAt: decidedAt ? new Date(decidedAt).toISOString() : null,
  };
}

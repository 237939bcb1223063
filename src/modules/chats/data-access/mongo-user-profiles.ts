import { inject, injectable } from 'inversify';
import { Schema, type Connection, type Model } from 'mongoose';
import { MONGO_CONNECTION } from '../../../platform/mongo';
import type { UserProjectionTarget } from '../../users';
import type { ProfileDirectory } from '../application/ports';

/** A user's display profile as chat views show it; a deleted user leaves an id-only tombstone. */
export interface UserProfileDoc {
  _id: string;
  username?: string;
  /** For @mention lookups, which are case-insensitive. */
  usernameLower?: string;
  displayName?: string;
  version: number;
  deletedAt?: Date;
  updatedAt: Date;
}

const schema = new Schema<UserProfileDoc>(
  {
    _id: { type: String, required: true },
    username: String,
    usernameLower: String,
    displayName: String,
    version: { type: Number, required: true },
    deletedAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'user_profiles', versionKey: false },
);

/**
 * The `user_profiles` projection in MongoDB. Each write applies only a newer aggregate version: a
 * replayed or redelivered older event matches nothing, and its upsert hits the unique `_id` (11000),
 * which means "already newer".
 */
@injectable()
export class MongoUserProfiles implements UserProjectionTarget, ProfileDirectory {
  readonly model: Model<UserProfileDoc>;

  constructor(@inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.models['UserProfile'] ?? connection.model<UserProfileDoc>('UserProfile', schema);
  }

  async upsert(profile: { id: string; username: string; displayName: string; version: number }): Promise<void> {
    await this.applyIfNewer(profile.id, profile.version, {
      $set: {
        username: profile.username,
        usernameLower: profile.username.toLowerCase(),
        displayName: profile.displayName,
        version: profile.version,
        updatedAt: new Date(),
      },
    });
  }

  async remove(id: string, version: number): Promise<void> {
    await this.applyIfNewer(id, version, {
      $set: { version, deletedAt: new Date(), updatedAt: new Date() },
      $unset: { username: 1, usernameLower: 1, displayName: 1 },
    });
  }

  async existing(userIds: readonly string[]): Promise<Set<string>> {
    const docs = await this.model
      .find({ _id: { $in: [...userIds] }, deletedAt: { $exists: false } }, { _id: 1 })
      .lean();
    return new Set(docs.map((doc) => doc._id));
  }

  async idsByUsername(usernames: readonly string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const docs = await this.model
      .find({ usernameLower: { $in: [...usernames] }, deletedAt: { $exists: false } }, { _id: 1, usernameLower: 1 })
      .lean();
    return new Map(docs.map((doc) => [doc.usernameLower ?? '', doc._id]));
  }

  async displayNames(userIds: readonly string[]): Promise<Map<string, { username: string; displayName: string }>> {
    const docs = await this.model.find({ _id: { $in: [...userIds] }, deletedAt: { $exists: false } }).lean();
    return new Map(docs.map((doc) => [doc._id, { username: doc.username ?? '', displayName: doc.displayName ?? '' }]));
  }

  private async applyIfNewer(id: string, version: number, update: Record<string, unknown>): Promise<void> {
    try {
      await this.model.updateOne({ _id: id, version: { $lt: version } }, update, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}

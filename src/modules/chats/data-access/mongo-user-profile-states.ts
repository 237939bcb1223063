import { inject, injectable } from 'inversify';
import { applyUserSnapshot, type UserSnapshot, type UserSnapshotTarget } from '../../users';
import type { IdRange, UserProfileStates } from '../application/reconciliation-ports';
import type { ProfileState } from '../domain/snapshots';
import { MongoUserProfiles } from './mongo-user-profiles';

const LIVE = { deletedAt: { $exists: false } };

/**
 * The user_profiles projection for backfill and reconcile: live profiles by id range, and owner
 * snapshots written like MongoUserProfiles writes events, except that an equal version overwrites.
 */
@injectable()
export class MongoUserProfileStates implements UserProfileStates, UserSnapshotTarget {
  constructor(@inject(MongoUserProfiles) private readonly profiles: MongoUserProfiles) {}

  async range(range: IdRange, within?: readonly string[]): Promise<ProfileState[]> {
    const id: Record<string, unknown> = {};
    if (range.after !== undefined) id['$gt'] = range.after;
    if (range.upTo !== undefined) id['$lte'] = range.upTo;
    if (within !== undefined) id['$in'] = [...within];
    return this.find(Object.keys(id).length > 0 ? { ...LIVE, _id: id } : LIVE);
  }

  byIds(ids: readonly string[]): Promise<ProfileState[]> {
    return this.find({ ...LIVE, _id: { $in: [...ids] } });
  }

  async apply(users: readonly UserSnapshot[]): Promise<void> {
    for (const user of users) await applyUserSnapshot(user, this);
  }

  async forget(profiles: readonly ProfileState[]): Promise<void> {
    await this.profiles.model.deleteMany({ _id: { $in: profiles.map((profile) => profile.id) } });
  }

  async overwrite(user: { id: string; username: string; displayName: string; version: number }): Promise<void> {
    await this.applyUnlessNewer(user.id, user.version, {
      $set: {
        username: user.username,
        usernameLower: user.username.toLowerCase(),
        displayName: user.displayName,
        version: user.version,
        updatedAt: new Date(),
      },
      $unset: { deletedAt: 1 },
    });
  }

  async overwriteRemoved(id: string, version: number): Promise<void> {
    await this.applyUnlessNewer(id, version, {
      $set: { version, deletedAt: new Date(), updatedAt: new Date() },
      $unset: { username: 1, usernameLower: 1, displayName: 1 },
    });
  }

  private async find(filter: Record<string, unknown>): Promise<ProfileState[]> {
    const docs = await this.profiles.model.find(filter).sort({ _id: 1 }).lean();
    return docs.map((doc) => ({
      id: doc._id,
      username: doc.username ?? null,
      displayName: doc.displayName ?? null,
      version: doc.version,
    }));
  }

  /** Upserts unless the document is at a newer version (then the upsert hits the unique _id: 11000). */
  private async applyUnlessNewer(id: string, version: number, update: Record<string, unknown>): Promise<void> {
    try {
      await this.profiles.model.updateOne({ _id: id, version: { $lte: version } }, update, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}

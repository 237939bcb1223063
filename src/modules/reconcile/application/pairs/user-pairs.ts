import type { GraphUserStates } from '../../../friends';
import type { UserProfileStates } from '../../../chats';
import type { UserSnapshot, UserSnapshotReader } from '../../../users';
import type { ExpectedState } from '../../domain/drift';
import type { OwnerSide, PairMapping } from '../ports';
import { RangePair } from '../range-pair';

/** PostgreSQL users as an owner side (tombstones included: their copies must be gone). */
export function userOwner(reader: UserSnapshotReader): OwnerSide<UserSnapshot> {
  return {
    page: (after, limit, within) => reader.page(after, limit, within),
    byIds: (ids) => reader.page(undefined, ids.length, ids),
    count: (within) => reader.count(within),
  };
}

/** A live account's profile, or null for a deleted one (no copy may hold it). */
function expectedProfile(user: UserSnapshot): ExpectedState {
  return {
    id: user.id,
    version: user.version,
    fields: user.deleted ? null : { username: user.username, displayName: user.displayName },
  };
}

type ProfileCopy = { id: string; username: string | null; displayName: string | null; version: number | null };

const profileMapping: PairMapping<UserSnapshot, ProfileCopy> = {
  idOf: (user) => user.id,
  expected: expectedProfile,
  held: (copy) => ({
    id: copy.id,
    version: copy.version,
    fields: { username: copy.username, displayName: copy.displayName },
  }),
};

/** users → neo4j (:User) nodes. */
export function usersGraphPair(
  users: UserSnapshotReader,
  graph: GraphUserStates,
): RangePair<UserSnapshot, ProfileCopy> {
  return new RangePair({
    name: 'users-graph',
    owner: 'postgres users',
    projection: 'neo4j (:User)',
    target: 'users-graph',
    scopedBy: 'users',
    ownerSide: userOwner(users),
    projectionSide: graph,
    mapping: profileMapping,
  });
}

/** users → mongo user_profiles. */
export function userProfilesPair(
  users: UserSnapshotReader,
  profiles: UserProfileStates,
): RangePair<UserSnapshot, ProfileCopy> {
  return new RangePair({
    name: 'user-profiles',
    owner: 'postgres users',
    projection: 'mongo user_profiles',
    target: 'user-profiles',
    scopedBy: 'users',
    ownerSide: userOwner(users),
    projectionSide: profiles,
    mapping: profileMapping,
  });
}

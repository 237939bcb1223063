import { UserEventTypes, type UserProfilePayload } from './events';
import type { UserSnapshot } from './snapshot';

/** A store that keeps a copy of user profiles (the graph, chat views). */
export interface UserProjectionTarget {
  upsert(user: { id: string; username: string; displayName: string; version: number }): Promise<void>;
  remove(id: string, version: number): Promise<void>;
}

/** The user event types every profile projection applies. */
export const USER_PROJECTION_EVENTS = [UserEventTypes.registered, UserEventTypes.updated, UserEventTypes.deleted];

/**
 * What a user event means to any copy of the profile: deleted removes it, the others upsert it at
 * the event's aggregate version (the target ignores versions it has already passed).
 */
export function applyUserEvent(
  event: { type: string; aggregateId: string; version: number; payload: unknown },
  target: UserProjectionTarget,
): Promise<void> {
  if (event.type === UserEventTypes.deleted) return target.remove(event.aggregateId, event.version);
  const payload = event.payload as UserProfilePayload;
  return target.upsert({
    id: event.aggregateId,
    username: payload.username,
    displayName: payload.displayName,
    version: event.version,
  });
}

/**
 * A profile copy that takes the owner's current state (backfill, reconcile repair). Unlike event
 * delivery, an equal version overwrites: the owner's state at version v is the truth for v, which
 * mends a copy altered behind the system's back; an older snapshot still never wins.
 */
export interface UserSnapshotTarget {
  overwrite(user: { id: string; username: string; displayName: string; version: number }): Promise<void>;
  overwriteRemoved(id: string, version: number): Promise<void>;
}

/** What the owner's current state of an account means to a copy: a live profile, or a tombstone. */
export function applyUserSnapshot(snapshot: UserSnapshot, target: UserSnapshotTarget): Promise<void> {
  if (snapshot.deleted || snapshot.username === null || snapshot.displayName === null) {
    return target.overwriteRemoved(snapshot.id, snapshot.version);
  }
  return target.overwrite({
    id: snapshot.id,
    username: snapshot.username,
    displayName: snapshot.displayName,
    version: snapshot.version,
  });
}

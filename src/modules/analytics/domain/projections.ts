import type { Day } from './daily-counts';

/**
 * One sent message as the activity projections count it: the dedupe key of the per-chat daily
 * counts and of the active users (a message counts once, however often its event arrives).
 */
export interface MessageFact {
  readonly messageId: string;
  readonly chatId: string;
  readonly senderId: string;
  /** The UTC day it was sent. */
  readonly day: Day;
}

/** An account as the graph statistics and new-user counts see it. */
export interface AnalyticsUser {
  readonly userId: string;
  /** UTC day of registration; null only while a deletion overtook the registration event. */
  readonly registeredDay: Day | null;
  readonly deleted: boolean;
  readonly version: number;
}

/** Two users (lo < hi) and whether they are friends, at the pair's event version. */
export interface FriendPairState {
  readonly lo: string;
  readonly hi: string;
  readonly friends: boolean;
  readonly version: number;
}

/** The canonical order of a pair's ids. */
export function orderedPair(a: string, b: string): { lo: string; hi: string } {
  return a < b ? { lo: a, hi: b } : { lo: b, hi: a };
}

/** Every owner/projection pair reconcile checks, in run order. */
export const PAIR_NAMES = [
  'users-graph',
  'user-profiles',
  'search-index',
  'chat-membership',
  'analytics-users',
  'analytics-friendships',
  'analytics-messages',
  'analytics-chat-days',
  'analytics-active-users',
  'analytics-counters',
] as const;

export type PairName = (typeof PAIR_NAMES)[number];

/** What `backfill` rebuilds: one projection each, "analytics" being all the analytics pairs. */
export const BACKFILL_TARGETS = [
  'users-graph',
  'user-profiles',
  'search-index',
  'chat-membership',
  'analytics',
] as const;

export type BackfillTarget = (typeof BACKFILL_TARGETS)[number];

import type { AnalyticsUser, FriendPairState, MessageFact } from '../domain/projections';

/** Ids in (after, upTo], either end open when undefined (code-point order, as every store sorts UUIDs). */
export interface IdRange {
  readonly after?: string;
  readonly upTo?: string;
}

/** A record of an analytics projection with the id reconciliation knows it by. */
export type Keyed<T> = T & { readonly id: string };

/**
 * Reads of the analytics projections by id range (message id, user id, pair key "lo:hi"), for
 * reconcile. `within` narrows facts to some chats, users and pairs to some users.
 */
export interface AnalyticsRanges {
  facts(range: IdRange, within?: readonly string[]): Promise<Keyed<MessageFact>[]>;
  factsByIds(ids: readonly string[]): Promise<Keyed<MessageFact>[]>;
  users(range: IdRange, within?: readonly string[]): Promise<Keyed<AnalyticsUser>[]>;
  usersByIds(ids: readonly string[]): Promise<Keyed<AnalyticsUser>[]>;
  /** Pairs that are friends now. */
  friendships(range: IdRange, within?: readonly string[]): Promise<Keyed<FriendPairState>[]>;
  friendshipsByIds(keys: readonly string[]): Promise<Keyed<FriendPairState>[]>;
}

/** The aggregates kept from the facts: per chat and day, active users per day and month, totals. */
export type AggregateKind = 'chat-days' | 'active-users' | 'counters';

/** One aggregate row that disagrees with what its facts add up to (null: no row / no facts). */
export interface AggregateDrift {
  readonly key: string;
  readonly expected: number | null;
  readonly held: number | null;
}

/**
 * Recomputes aggregates from their facts in the database and compares them with what is stored
 * (keys: "chat:day", "day|month:user", "users|friendships"); `rebuild` recomputes rows from the facts.
 */
export interface AggregateChecks {
  check(
    kind: AggregateKind,
    within?: readonly string[],
  ): Promise<{ expected: number; held: number; drift: AggregateDrift[] }>;
  /** Recomputes these keys (or, with none given, every row in `within`) from the facts. */
  rebuild(kind: AggregateKind, keys: readonly string[] | undefined, within?: readonly string[]): Promise<number>;
}

export const ANALYTICS_RANGES = Symbol.for('polychat.analytics.AnalyticsRanges');
export const AGGREGATE_CHECKS = Symbol.for('polychat.analytics.AggregateChecks');

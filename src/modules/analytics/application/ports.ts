import type { DailyMessageCount, Day, DayRange } from '../domain/daily-counts';
import type { AnalyticsUser, FriendPairState, MessageFact } from '../domain/projections';
import type { Month, ReportRange } from '../domain/report-range';
import type { ChatActivity, DailyValue, MonthlyValue } from '../domain/reports';

/**
 * Sent messages and what is counted from them (per chat and day, active users per day and month).
 * Each fact and its aggregates change in one transaction, so they never disagree.
 */
export interface MessageActivityStore {
  /** Counts the message unless it was counted before; false if it was (a redelivery or replay). */
  record(fact: MessageFact): Promise<boolean>;
  /** Counts each message of `facts` not counted before, in one statement; returns how many were new. */
  recordMany(facts: readonly MessageFact[]): Promise<number>;
  /** Makes the projection hold exactly this fact (repair, backfill): adds it, or moves one that differs. */
  overwrite(fact: MessageFact): Promise<void>;
  /** `overwrite` for a batch, in one transaction of a few set-based statements (backfill). */
  overwriteMany(facts: readonly MessageFact[]): Promise<void>;
  /** Takes a message the owner store does not have out of the facts and every aggregate. */
  forget(messageId: string): Promise<void>;
}

/** Accounts and friend pairs, with exact totals of live users and friendships. */
export interface GraphProjectionStore {
  userRegistered(userId: string, day: Day, version: number): Promise<void>;
  /** Deleted is final: the account stops counting and its friendships end. */
  userDeleted(userId: string, version: number): Promise<void>;
  /** Applies a pair's state when its version is newer; a deleted member makes it no friendship. */
  pairChanged(pair: FriendPairState): Promise<void>;
  /** The owner's state of an account (repair, backfill): applies unless the projection is newer. */
  overwriteUser(user: AnalyticsUser): Promise<void>;
  overwritePair(pair: FriendPairState): Promise<void>;
  forgetUser(userId: string): Promise<void>;
  forgetPair(lo: string, hi: string): Promise<void>;
}

/** Read side of the activity projections; days or months without activity are absent. */
export interface ActivityReports {
  perChatDay(range: DayRange): Promise<DailyMessageCount[]>;
  messagesPerDay(range: ReportRange): Promise<DailyValue[]>;
  activeUsersPerDay(range: ReportRange): Promise<DailyValue[]>;
  activeUsersPerMonth(months: readonly Month[]): Promise<MonthlyValue[]>;
  /** The busiest chats of the range, most messages first (ties by chat id). */
  topChats(range: ReportRange, limit: number): Promise<ChatActivity[]>;
  newUsersPerDay(range: ReportRange): Promise<DailyValue[]>;
}

/** One connected-components pass over the friend pairs. */
export interface ComponentsPass {
  readonly computedAt: string;
  /** The graph change counter the pass saw; equal to the current one means it is up to date. */
  readonly graphChanges: number;
  readonly users: number;
  readonly components: number;
  readonly largest: number;
}

/** Read side of the graph projection. */
export interface GraphReports {
  totals(): Promise<{ users: number; friendships: number; graphChanges: number }>;
  lastComponents(): Promise<ComponentsPass | undefined>;
  /** Runs a pass over the live friend pairs and keeps its result. */
  computeComponents(): Promise<ComponentsPass>;
}

export const MESSAGE_ACTIVITY_STORE = Symbol.for('polychat.analytics.MessageActivityStore');
export const GRAPH_PROJECTION_STORE = Symbol.for('polychat.analytics.GraphProjectionStore');
export const ACTIVITY_REPORTS = Symbol.for('polychat.analytics.ActivityReports');
export const GRAPH_REPORTS = Symbol.for('polychat.analytics.GraphReports');

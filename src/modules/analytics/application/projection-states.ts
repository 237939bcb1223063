import { inject, injectable } from 'inversify';
import type { MessageSnapshot } from '../../chats';
import type { FriendshipSnapshot } from '../../friends';
import type { UserSnapshot } from '../../users';
import { utcDayOf } from '../domain/daily-counts';
import type { AnalyticsUser, FriendPairState, MessageFact } from '../domain/projections';
import {
  GRAPH_PROJECTION_STORE,
  MESSAGE_ACTIVITY_STORE,
  type GraphProjectionStore,
  type MessageActivityStore,
} from './ports';
import { ANALYTICS_RANGES, type AnalyticsRanges, type IdRange, type Keyed } from './reconciliation-ports';

/** Message facts for backfill and reconcile: owner messages go in through the counting store. */
@injectable()
export class MessageFactStates {
  constructor(
    @inject(ANALYTICS_RANGES) private readonly ranges: AnalyticsRanges,
    @inject(MESSAGE_ACTIVITY_STORE) private readonly activity: MessageActivityStore,
  ) {}

  range = (range: IdRange, within?: readonly string[]): Promise<Keyed<MessageFact>[]> =>
    this.ranges.facts(range, within);
  byIds = (ids: readonly string[]): Promise<Keyed<MessageFact>[]> => this.ranges.factsByIds(ids);

  apply(messages: readonly MessageSnapshot[]): Promise<void> {
    return this.activity.overwriteMany(
      messages.map((message) => ({
        messageId: message.id,
        chatId: message.chatId,
        senderId: message.senderId,
        day: utcDayOf(message.sentAt),
      })),
    );
  }

  async forget(facts: readonly Keyed<MessageFact>[]): Promise<void> {
    for (const fact of facts) await this.activity.forget(fact.messageId);
  }
}

/** Accounts as analytics counts them, for backfill and reconcile. */
@injectable()
export class AnalyticsUserStates {
  constructor(
    @inject(ANALYTICS_RANGES) private readonly ranges: AnalyticsRanges,
    @inject(GRAPH_PROJECTION_STORE) private readonly graph: GraphProjectionStore,
  ) {}

  range = (range: IdRange, within?: readonly string[]): Promise<Keyed<AnalyticsUser>[]> =>
    this.ranges.users(range, within);
  byIds = (ids: readonly string[]): Promise<Keyed<AnalyticsUser>[]> => this.ranges.usersByIds(ids);

  async apply(users: readonly UserSnapshot[]): Promise<void> {
    for (const user of users) {
      const registeredDay = utcDayOf(user.createdAt);
      await this.graph.overwriteUser({ userId: user.id, registeredDay, deleted: user.deleted, version: user.version });
    }
  }

  async forget(users: readonly Keyed<AnalyticsUser>[]): Promise<void> {
    for (const user of users) await this.graph.forgetUser(user.userId);
  }
}

/** Friend pairs as analytics counts them, for backfill and reconcile. */
@injectable()
export class FriendPairStates {
  constructor(
    @inject(ANALYTICS_RANGES) private readonly ranges: AnalyticsRanges,
    @inject(GRAPH_PROJECTION_STORE) private readonly graph: GraphProjectionStore,
  ) {}

  range = (range: IdRange, within?: readonly string[]): Promise<Keyed<FriendPairState>[]> =>
    this.ranges.friendships(range, within);
  byIds = (keys: readonly string[]): Promise<Keyed<FriendPairState>[]> => this.ranges.friendshipsByIds(keys);

  async apply(pairs: readonly FriendshipSnapshot[]): Promise<void> {
    for (const pair of pairs) {
      await this.graph.overwritePair({ lo: pair.lo, hi: pair.hi, friends: pair.friends, version: pair.version });
    }
  }

  async forget(pairs: readonly Keyed<FriendPairState>[]): Promise<void> {
    for (const pair of pairs) await this.graph.forgetPair(pair.lo, pair.hi);
  }
}

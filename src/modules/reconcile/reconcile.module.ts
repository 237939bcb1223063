import { ContainerModule } from 'inversify';
import {
  AGGREGATE_CHECKS,
  AnalyticsUserStates,
  FriendPairStates,
  MessageFactStates,
  type AggregateKind,
} from '../analytics';
import { CHAT_SNAPSHOTS, MESSAGE_SNAPSHOTS, USER_PROFILE_STATES } from '../chats';
import { CHAT_MEMBERSHIP_STATES, FRIENDSHIP_SNAPSHOTS, GRAPH_USER_STATES } from '../friends';
import { SEARCH_INDEX_STATES } from '../search';
import { USER_SNAPSHOTS } from '../users';
import { Backfill } from './application/backfill';
import { AggregatePair } from './application/pairs/aggregate-pair';
import {
  analyticsFriendshipsPair,
  analyticsMessagesPair,
  analyticsUsersPair,
} from './application/pairs/analytics-pairs';
import { chatMembershipPair, searchIndexPair } from './application/pairs/chat-pairs';
import { userProfilesPair, usersGraphPair } from './application/pairs/user-pairs';
import { PROJECTION_PAIR } from './application/ports';
import { Reconcile } from './application/reconcile';

/**
 * Reconciliation and backfill (docs/decisions/0019): one ProjectionPair per owner store and
 * projection of it, built from what the owner modules expose (snapshots) and what the projection
 * modules expose (their states and write paths). Binding order is run order.
 */
export const reconcileModule = new ContainerModule(({ bind }) => {
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    usersGraphPair(context.get(USER_SNAPSHOTS), context.get(GRAPH_USER_STATES)),
  );
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    userProfilesPair(context.get(USER_SNAPSHOTS), context.get(USER_PROFILE_STATES)),
  );
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    searchIndexPair(context.get(MESSAGE_SNAPSHOTS), context.get(SEARCH_INDEX_STATES)),
  );
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    chatMembershipPair(context.get(CHAT_SNAPSHOTS), context.get(CHAT_MEMBERSHIP_STATES)),
  );
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    analyticsUsersPair(context.get(USER_SNAPSHOTS), context.get(AnalyticsUserStates)),
  );
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    analyticsFriendshipsPair(context.get(FRIENDSHIP_SNAPSHOTS), context.get(FriendPairStates)),
  );
  bind(PROJECTION_PAIR).toDynamicValue((context) =>
    analyticsMessagesPair(context.get(MESSAGE_SNAPSHOTS), context.get(MessageFactStates)),
  );
  for (const kind of ['chat-days', 'active-users', 'counters'] as const satisfies readonly AggregateKind[]) {
    bind(PROJECTION_PAIR).toDynamicValue((context) => new AggregatePair(kind, context.get(AGGREGATE_CHECKS)));
  }
  bind(Reconcile).toSelf();
  bind(Backfill).toSelf();
});

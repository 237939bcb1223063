import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { ActiveUsers } from './application/active-users';
import { ComputeGraphStatistics } from './application/graph-statistics';
import { MessagesDaily } from './application/messages-daily';
import { MessagesPerDay } from './application/messages-per-day';
import { NewUsersDaily } from './application/new-users-daily';
import { ACTIVITY_REPORTS, GRAPH_PROJECTION_STORE, GRAPH_REPORTS, MESSAGE_ACTIVITY_STORE } from './application/ports';
import { AnalyticsUserStates, FriendPairStates, MessageFactStates } from './application/projection-states';
import { AGGREGATE_CHECKS, ANALYTICS_RANGES } from './application/reconciliation-ports';
import { TopChats } from './application/top-chats';
import { PgActivityReports } from './data-access/pg-activity-reports';
import { PgAggregateChecks } from './data-access/pg-aggregate-checks';
import { PgAnalyticsRanges } from './data-access/pg-analytics-ranges';
import { PgGraphProjection } from './data-access/pg-graph-projection';
import { PgGraphReports } from './data-access/pg-graph-reports';
import { PgMessageActivity } from './data-access/pg-message-activity';
import { AnalyticsRouter } from './entry-points/analytics-router';
import { CountMessagesPerDayOnMessageSent } from './entry-points/count-messages-per-day-on-message-sent';
import { ProjectFriendshipsToAnalyticsOnFriendshipEvents } from './entry-points/project-friendships-to-analytics-on-friendship-events';
import { ProjectUsersToAnalyticsOnUserEvents } from './entry-points/project-users-to-analytics-on-user-events';

/**
 * Analytics in PostgreSQL, projected from the event log (docs/decisions/0009, 0020): message facts
 * with per-chat daily counts and active users, accounts and friend pairs with exact totals, the
 * admin reports over them, and what backfill and reconcile read and mend.
 */
export const analyticsModule = new ContainerModule(({ bind }) => {
  bind(MESSAGE_ACTIVITY_STORE).to(PgMessageActivity);
  bind(GRAPH_PROJECTION_STORE).to(PgGraphProjection);
  bind(ACTIVITY_REPORTS).to(PgActivityReports);
  bind(GRAPH_REPORTS).to(PgGraphReports);
  bind(ANALYTICS_RANGES).to(PgAnalyticsRanges);
  bind(AGGREGATE_CHECKS).to(PgAggregateChecks);

  for (const useCase of [MessagesPerDay, MessagesDaily, NewUsersDaily, ActiveUsers, TopChats] as const) {
    bind<object>(useCase).toSelf();
  }
  bind(ComputeGraphStatistics).toSelf();
  for (const states of [MessageFactStates, AnalyticsUserStates, FriendPairStates] as const)
    bind<object>(states).toSelf();

  for (const handler of [
    CountMessagesPerDayOnMessageSent,
    ProjectUsersToAnalyticsOnUserEvents,
    ProjectFriendshipsToAnalyticsOnFriendshipEvents,
  ] as const) {
    bind<object>(handler).toSelf();
    bind(STREAM_HANDLER).toService(handler);
  }
  bind(HTTP_ROUTE).to(AnalyticsRouter);
});

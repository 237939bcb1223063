export { MessagesPerDay } from './application/messages-per-day';
export { MessagesDaily } from './application/messages-daily';
export { NewUsersDaily } from './application/new-users-daily';
export { ActiveUsers } from './application/active-users';
export { TopChats } from './application/top-chats';
export { ComputeGraphStatistics } from './application/graph-statistics';
export { AnalyticsUserStates, FriendPairStates, MessageFactStates } from './application/projection-states';
export {
  AGGREGATE_CHECKS,
  type AggregateChecks,
  type AggregateDrift,
  type AggregateKind,
  type Keyed,
} from './application/reconciliation-ports';
export { CountMessagesPerDayOnMessageSent } from './entry-points/count-messages-per-day-on-message-sent';
export { ProjectUsersToAnalyticsOnUserEvents } from './entry-points/project-users-to-analytics-on-user-events';
export { ProjectFriendshipsToAnalyticsOnFriendshipEvents } from './entry-points/project-friendships-to-analytics-on-friendship-events';
export { utcDayOf, type DailyMessageCount, type Day, type DayRange } from './domain/daily-counts';
export type { AnalyticsUser, FriendPairState, MessageFact } from './domain/projections';
export { ACTIVE_USER_DEFINITION, type GraphStatistics } from './domain/reports';

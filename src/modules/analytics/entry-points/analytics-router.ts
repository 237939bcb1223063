import { inject, injectable } from 'inversify';
import { ACCESS_TOKEN_VERIFIER, RouteTable, type AccessTokenVerifier, type HttpRoute } from '../../../platform/http';
import { ActiveUsers } from '../application/active-users';
import { ComputeGraphStatistics } from '../application/graph-statistics';
import { MessagesDaily } from '../application/messages-daily';
import { NewUsersDaily } from '../application/new-users-daily';
import { TopChats } from '../application/top-chats';
import { ACTIVE_USER_DEFINITION } from '../domain/reports';
import {
  activeUsersResponse,
  graphResponse,
  messagesDailyResponse,
  newUsersDailyResponse,
  reportRangeQuery,
  topChatsQuery,
  topChatsResponse,
} from './http-schemas';

/** /v1/analytics: admin reports, answered from the analytics projections only. */
@injectable()
export class AnalyticsRouter implements HttpRoute {
  readonly path = '/v1/analytics';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(MessagesDaily) messages: MessagesDaily,
    @inject(NewUsersDaily) newUsers: NewUsersDaily,
    @inject(ActiveUsers) active: ActiveUsers,
    @inject(TopChats) topChats: TopChats,
    @inject(ComputeGraphStatistics) graph: ComputeGraphStatistics,
  ) {
    // Every analytics route needs the admin role (403 AUTH.FORBIDDEN before any validation).
    this.routes = new RouteTable({ tag: 'Analytics', verifier, role: 'admin' });
    const range = (query: { from: string; to: string }) => ({ from: query.from, to: query.to });
    this.routes
      .get(
        '/messages/daily',
        {
          summary: 'Messages sent per UTC day across all chats (admin)',
          query: reportRangeQuery,
          responses: { 200: { description: 'every day of the range', schema: messagesDailyResponse } },
        },
        async ({ query }, _req, res) => {
          const report = await messages.execute(query);
          const days = report.days.map(({ day, count }) => ({ day, messages: count }));
          res.json({ ...range(query), total: report.total, days });
        },
      )
      .get(
        '/users/daily',
        {
          summary: 'New accounts per UTC day (admin)',
          query: reportRangeQuery,
          responses: { 200: { description: 'every day of the range', schema: newUsersDailyResponse } },
        },
        async ({ query }, _req, res) => {
          const report = await newUsers.execute(query);
          const days = report.days.map(({ day, count }) => ({ day, newUsers: count }));
          res.json({ ...range(query), total: report.total, days });
        },
      )
      .get(
        '/active-users',
        {
          summary: 'Daily and monthly active users (admin)',
          description: `Active: ${ACTIVE_USER_DEFINITION}. Monthly figures cover each calendar month the range touches.`,
          query: reportRangeQuery,
          responses: { 200: { description: 'per day and per month', schema: activeUsersResponse } },
        },
        async ({ query }, _req, res) => {
          const report = await active.execute(query);
          res.json({
            ...range(query),
            definition: ACTIVE_USER_DEFINITION,
            daily: report.daily.map(({ day, count }) => ({ day, activeUsers: count })),
            monthly: report.monthly.map(({ month, count }) => ({ month, activeUsers: count })),
          });
        },
      )
      .get(
        '/top-chats',
        {
          summary: 'The chats with the most messages in the range (admin)',
          query: topChatsQuery,
          responses: { 200: { description: 'busiest first', schema: topChatsResponse } },
        },
        async ({ query }, _req, res) => {
          res.json({ ...range(query), items: await topChats.execute(range(query), query.limit) });
        },
      )
      .get(
        '/graph',
        {
          summary: 'Friend graph statistics (admin)',
          description: 'Users, friendships and average degree are exact; the largest component may lag.',
          responses: { 200: { description: 'the friend graph in numbers', schema: graphResponse } },
        },
        async (_input, _req, res) => {
          res.json(await graph.execute());
        },
      );
  }
}

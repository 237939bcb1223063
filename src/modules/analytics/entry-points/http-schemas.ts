import { z } from 'zod';
import { timestampSchema } from '../../../platform/http';
import { TOP_CHATS_LIMIT_DEFAULT, TOP_CHATS_LIMIT_MAX } from '../application/top-chats';
import { reportRangeFields, reportRangeQuery, withRangeRules } from '../domain/report-range';

export { reportRangeQuery };

export const topChatsQuery = withRangeRules(
  z.object({
    ...reportRangeFields,
    limit: z.coerce.number().int().min(1).max(TOP_CHATS_LIMIT_MAX).default(TOP_CHATS_LIMIT_DEFAULT),
  }),
);

const day = z.string().meta({ example: '2024-03-01' });
const range = { from: day, to: day };

export const messagesDailyResponse = z.object({
  ...range,
  total: z.number().int(),
  days: z.array(z.object({ day, messages: z.number().int() })),
});

export const newUsersDailyResponse = z.object({
  ...range,
  total: z.number().int(),
  days: z.array(z.object({ day, newUsers: z.number().int() })),
});

export const activeUsersResponse = z.object({
  ...range,
  definition: z.string(),
  daily: z.array(z.object({ day, activeUsers: z.number().int() })),
  monthly: z.array(z.object({ month: z.string().meta({ example: '2024-03' }), activeUsers: z.number().int() })),
});

export const topChatsResponse = z.object({
  ...range,
  items: z.array(z.object({ chatId: z.uuid(), messages: z.number().int() })),
});

export const graphResponse = z.object({
  users: z.number().int(),
  friendships: z.number().int(),
  averageDegree: z.number(),
  largestComponent: z.object({
    size: z.number().int(),
    components: z.number().int(),
    computedAt: timestampSchema,
    current: z.boolean(),
  }),
});

import { z } from 'zod';
import { cursorPage, timestampSchema } from '../../../platform/http';

/** What anyone may see of a user in the graph. */
export const userSummaryJson = z
  .object({ id: z.uuid(), username: z.string(), displayName: z.string() })
  .meta({ id: 'UserSummary' });

/** A pending friend request. */
export const friendRequestJson = z
  .object({ id: z.uuid(), fromUserId: z.uuid(), toUserId: z.uuid(), createdAt: timestampSchema })
  .meta({ id: 'FriendRequest' });

/** POST /v1/friends/requests: a pending request, or a friendship when the other had asked first. */
export const sendOutcomeJson = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), request: friendRequestJson, created: z.boolean() }),
  z.object({ status: z.literal('accepted'), request: friendRequestJson, since: timestampSchema }),
]);

/** An accepted request and the friendship's start. */
export const resolutionJson = z.object({ request: friendRequestJson, since: timestampSchema.optional() });

export const requestPageJson = cursorPage(friendRequestJson.extend({ user: userSummaryJson }));
export const friendPageJson = cursorPage(userSummaryJson.extend({ since: timestampSchema }));
export const userSummaryPageJson = cursorPage(userSummaryJson);

export const suggestionsJson = z.object({
  items: z.array(
    z.object({
      user: userSummaryJson,
      mutualCount: z.number().int(),
      mutualNames: z.array(z.string()).meta({ description: 'Display names of up to three mutual friends.' }),
      sharedChats: z.number().int().meta({ description: 'Group chats both are members of.' }),
      score: z.number().meta({
        description: "The ranker's score: the formula's points, or the model's probability of a friendship.",
      }),
    }),
  ),
  ranker: z.string().meta({ description: '`formula`, or the model version that ranked (e.g. `links/v1`).' }),
});

export const pathJson = z.object({
  path: z.array(userSummaryJson).nullable().meta({ description: 'From the caller to the user; null if none.' }),
  degrees: z.number().int().nullable(),
});

export const blockJson = z.object({ userId: z.uuid(), createdAt: timestampSchema });
export const blockPageJson = cursorPage(z.object({ user: userSummaryJson, createdAt: timestampSchema }));

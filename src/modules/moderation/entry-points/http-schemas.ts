import type { Response } from 'express';
import { z } from 'zod';
import { opaqueCursor, principalOf, timeAndIdCursor, timestampSchema } from '../../../platform/http';
import { currentLogContext } from '../../../platform/logger';
import { bodySchema, type ChatActor } from '../../chats';
import { policyModeSchema } from '../domain/policy';

/** The caller and the request's trace id, for the events a decision emits. */
export const actorOf = (res: Response): ChatActor => ({
  actorId: principalOf(res).userId,
  traceId: currentLogContext().requestId ?? null,
});

/** The text to score: what a message body may be. */
export const classifyBody = z.object({ text: bodySchema });

const model = z.object({
  name: z.string(),
  version: z.string(),
  thresholds: z.object({ flag: z.number(), hold: z.number() }),
});
const verdict = z.enum(['allow', 'flag', 'hold']);

export const classifyResponse = z
  .object({
    scores: z
      .object({ spam: z.number().min(0).max(1).optional(), abuse: z.number().min(0).max(1).optional() })
      .meta({ description: 'One score per promoted model.' }),
    models: z.array(model),
    policy: policyModeSchema,
    verdict,
    reasons: z.array(z.string()).meta({ description: 'The models whose thresholds the verdict came from.' }),
  })
  .meta({ id: 'ModerationClassification' });

export const queueQuery = z.object({
  cursor: opaqueCursor(timeAndIdCursor).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const entryParams = z.object({ id: z.uuid('not a review entry id') });
export const chatParams = z.object({ chatId: z.uuid('not a chat id') });

export const reviewEntryResponse = z
  .object({
    id: z.uuid(),
    messageId: z.uuid(),
    chatId: z.uuid(),
    seq: z.number().int(),
    senderId: z.string(),
    kind: z.enum(['send', 'edit']),
    text: z.string(),
    verdict: z.enum(['flag', 'hold']),
    scores: z.record(z.string(), z.number()),
    models: z.array(z.string()),
    reasons: z.array(z.string()).meta({ description: 'Why it is queued: spam, abuse (the models that flagged it).' }),
    policy: z.string(),
    createdAt: timestampSchema,
    status: z.enum(['pending', 'approved', 'rejected']),
    decidedBy: z.string().nullable(),
    decidedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'ModerationReviewEntry' });

export const queueResponse = z.object({ items: z.array(reviewEntryResponse), nextCursor: z.string().nullable() });

export const policyBody = z.object({
  mode: policyModeSchema.nullable().meta({ description: 'off, flag or hold; null removes the override' }),
});
export const policyResponse = z
  .object({
    chatId: z.uuid(),
    mode: policyModeSchema.meta({ description: 'the policy in force for the chat' }),
    override: policyModeSchema.nullable(),
  })
  .meta({ id: 'ModerationChatPolicy' });

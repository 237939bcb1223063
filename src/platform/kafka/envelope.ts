import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The envelope every event travels in, whatever its store of origin (ARCHITECTURE.md). */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'aggregate.event, e.g. user.registered'),
  version: z.number().int().positive(),
  aggregateId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  actorId: z.string().nullable(),
  payload: z.unknown(),
  traceId: z.string().nullable(),
});

export type EventEnvelope<P = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'payload'> & { payload: P };

/** Builds an envelope with a fresh id and the current time. */
export function createEnvelope<P>(input: {
  type: string;
  aggregateId: string;
  payload: P;
  version?: number;
  actorId?: string | null;
  traceId?: string | null;
}): EventEnvelope<P> {
  return {
    id: randomUUID(),
    type: input.type,
    version: input.version ?? 1,
    aggregateId: input.aggregateId,
    occurredAt: new Date().toISOString(),
    actorId: input.actorId ?? null,
    payload: input.payload,
    traceId: input.traceId ?? null,
  };
}

/** Parses a message value into an envelope; throws with the reason when it is not one. */
export function decodeEnvelope(value: Buffer | null): EventEnvelope {
  if (!value) throw new Error('empty message value');
  const parsed: unknown = JSON.parse(value.toString('utf8'));
  return eventEnvelopeSchema.parse(parsed);
}

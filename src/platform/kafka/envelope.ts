import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Where an event came from, when that matters to consumers: `source: 'import'` marks history
 * written by a dataset import (no pushes, live frames or notifications for it). Absent: live.
 */
export const envelopeMetadataSchema = z.object({ source: z.enum(['import']).optional() });
export type EnvelopeMetadata = z.infer<typeof envelopeMetadataSchema>;

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
  metadata: envelopeMetadataSchema.optional(),
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
  /** Carried through from the caller's event context (e.g. an import's `{ source: 'import' }`). */
  metadata?: EnvelopeMetadata;
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
    ...(input.metadata ? { metadata: input.metadata } : {}),
  };
}

/** True for an event a dataset import wrote: history, not news. */
export const isImported = (event: Pick<EventEnvelope, 'metadata'>): boolean => event.metadata?.source === 'import';

/** Parses a message value into an envelope; throws with the reason when it is not one. */
export function decodeEnvelope(value: Buffer | null): EventEnvelope {
  if (!value) throw new Error('empty message value');
  const parsed: unknown = JSON.parse(value.toString('utf8'));
  return eventEnvelopeSchema.parse(parsed);
}

import { z } from 'zod';

/** One field at fault in a VALIDATION.FAILED (or a domain error naming a field). */
export const fieldProblemSchema = z.object({
  field: z.string().meta({ description: 'Dotted path of the field, or (body) for the body as a whole.' }),
  reason: z.string(),
});

/**
 * The body of every error answer (src/platform/http/error-mapper.ts), documented once as the
 * `Error` component and referenced by every error response.
 */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable error code, e.g. CHAT.NOT_FOUND.', examples: ['CHAT.NOT_FOUND'] }),
      message: z.string().meta({ description: 'For humans; may change.' }),
      details: z
        .object({ fields: z.array(fieldProblemSchema).optional() })
        .catchall(z.unknown())
        .optional()
        .meta({ description: 'Structured detail, e.g. the fields at fault or retryAfterSeconds.' }),
      traceId: z.string().meta({ description: 'The request id (X-Request-Id); quote it when reporting a problem.' }),
    }),
  })
  .meta({ id: 'Error', description: 'What every error answer carries.' });

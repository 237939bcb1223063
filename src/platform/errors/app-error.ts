/** A field-level problem reported with a 4xx error. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/**
 * An expected failure with a stable code (`AREA.REASON`, e.g. `CHAT.NOT_MEMBER`). Carries no HTTP
 * status: platform/http maps codes to statuses in one table.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: { readonly fields?: readonly FieldProblem[]; readonly [key: string]: unknown },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

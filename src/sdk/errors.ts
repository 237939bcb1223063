/** One field the API found at fault, as `error.details.fields[]` names it. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

/** The error body every REST answer and every failed ack carries (`{ error: { code, ... } }`). */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly traceId?: string;
}

/**
 * An error the API answered: its stable `code` (`CHAT.NOT_FOUND`, `VALIDATION.FAILED`, ...), the
 * HTTP `status` (0 for a WebSocket ack), the `fields` at fault, and the request's `traceId`.
 */
export class PolychatApiError extends Error {
  override name = 'PolychatApiError';
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly traceId: string | undefined;

  constructor(
    readonly status: number,
    body: ApiErrorBody,
  ) {
    super(body.message);
    this.code = body.code;
    this.details = body.details;
    this.traceId = body.traceId;
  }

  /** The fields at fault (`details.fields`), empty when the error names none. */
  get fields(): readonly FieldError[] {
    const fields = this.details?.['fields'];
    return Array.isArray(fields) ? (fields as FieldError[]) : [];
  }

  /** The first field at fault, if any. */
  get field(): string | undefined {
    return this.fields[0]?.field;
  }

  /** From a parsed REST error body (`{ error }`), or a generic one when the body is not the API's. */
  static fromResponse(status: number, body: unknown): PolychatApiError {
    const error = (body as { error?: unknown } | undefined)?.error;
    if (typeof error === 'object' && error !== null && typeof (error as ApiErrorBody).code === 'string') {
      return new PolychatApiError(status, error as ApiErrorBody);
    }
    return new PolychatApiError(status, { code: `HTTP.${status}`, message: `the API answered ${status}` });
  }
}

/** A WebSocket request that could not be answered: the connection closed (or was closed) first. */
export class PolychatSocketClosedError extends Error {
  override name = 'PolychatSocketClosedError';

  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`the WebSocket closed (${code}${reason ? ` ${reason}` : ''}) before the reply`);
  }
}

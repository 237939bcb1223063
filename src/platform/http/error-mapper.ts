import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { toStoreError } from '../health';
import { currentLogContext, type Logger } from '../logger';

/** The one table from error codes to HTTP statuses (exact codes first, then the code's suffix). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'REQUEST.MALFORMED_JSON': 400,
  'REQUEST.MALFORMED_BODY': 400,
  'REQUEST.MALFORMED_URI': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'VALIDATION.FAILED': 422,
  'ROUTE.NOT_FOUND': 404,
  'METHOD.NOT_ALLOWED': 405,
  'SERVICE.SHUTTING_DOWN': 503,
};
const STATUS_BY_SUFFIX: readonly (readonly [string, number])[] = [
  ['.INVALID', 422],
  ['.UNAUTHENTICATED', 401],
  ['.INVALID_CREDENTIALS', 401],
  ['.FORBIDDEN', 403],
  ['.BLOCKED', 403],
  ['.NOT_MEMBER', 404],
  ['.NOT_FOUND', 404],
  ['.ALREADY_EXISTS', 409],
  ['.CONFLICT', 409],
  ['.RATE_LIMITED', 429],
  ['.UNAVAILABLE', 503],
];

/** The HTTP status of an error code; 400 for an AppError nobody mapped (it is still the client's). */
export function statusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? STATUS_BY_SUFFIX.find(([suffix]) => code.endsWith(suffix))?.[1] ?? 400;
}

/**
 * What Express, its router and body-parser throw for a bad request: an http-errors style error
 * with a 4xx `status` (body-parser adds a `type`, e.g. entity.parse.failed; the router's URIError
 * for a path like /v1/users/%ZZ has none).
 */
interface ClientHttpError {
  readonly status: number;
  readonly type?: unknown;
}
function isClientHttpError(error: unknown): error is ClientHttpError {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The AppError for a client error thrown by Express's own machinery (body parsing, path decoding). */
function fromClientHttpError(error: ClientHttpError): AppError {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError('REQUEST.TOO_LARGE', 'the request body is too large');
    case 'entity.parse.failed':
      return new AppError('REQUEST.MALFORMED_JSON', 'the body is not valid JSON');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding');
  }
  if (error instanceof URIError) return new AppError('REQUEST.MALFORMED_URI', 'the path is not valid percent-encoding');
  // An undecodable gzip/deflate body, a length that does not match, an aborted upload.
  return new AppError('REQUEST.MALFORMED_BODY', 'the request body could not be read');
}

/** Converts anything thrown into an AppError a client may see; undefined when it is a bug. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // Driver errors meaning "the store is down" become 503 STORE.UNAVAILABLE naming it (issue 13).
  const storeError = toStoreError(error);
  if (storeError) return storeError;
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message }));
    return new AppError('VALIDATION.FAILED', 'the request is invalid', { fields });
  }
  if (isClientHttpError(error)) return fromClientHttpError(error);
  return undefined;
}

/** Seconds a client should wait before retrying a 503 when the error does not say. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

/** The Retry-After of a 429 or 503: details.retryAfterSeconds (a positive number), else the default for a 503. */
function retryAfterOf(status: number, error: AppError): number | undefined {
  const given = error.details?.['retryAfterSeconds'];
  const valid = typeof given === 'number' && Number.isFinite(given) && given > 0 ? Math.ceil(given) : undefined;
  if (status === 503) return valid ?? DEFAULT_RETRY_AFTER_SECONDS;
  return status === 429 ? valid : undefined;
}

/** An unknown error as a log field: its name, message, stack and the chain of causes (JSON.stringify drops them). */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const described: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) described['code'] = code;
  if (error.cause !== undefined) described['cause'] = depth < 5 ? describeError(error.cause, depth + 1) : '…';
  if (error instanceof AggregateError)
    described['errors'] = error.errors.map((inner) => describeError(inner, depth + 1));
  return described;
}

/**
 * The last middleware: known errors become `{ error: { code, message, details?, traceId } }` with the
 * mapped status; anything else is logged with its trace id and answered with a generic 500.
 */
export function errorMapper(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const traceId = currentLogContext().requestId ?? 'none';
    const appError = toAppError(error);
    if (appError) {
      const status = statusOf(appError.code);
      const retryAfter = retryAfterOf(status, appError);
      if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
      res.status(status).json({
        error: { code: appError.code, message: appError.message, details: appError.details, traceId },
      });
      return;
    }
    logger.error('unhandled error', { error: describeError(error), traceId });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error', traceId } });
  };
}

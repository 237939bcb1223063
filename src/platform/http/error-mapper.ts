import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { toStoreError } from '../health';
import { currentLogContext, type Logger } from '../logger';

/** The one table from error codes to HTTP statuses (exact codes first, then the code's suffix). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'REQUEST.MALFORMED_JSON': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'VALIDATION.FAILED': 422,
  'ROUTE.NOT_FOUND': 404,
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

/** Body-parser failures arrive as http-errors with a `type`. */
interface BodyParserError {
  readonly type: string;
  readonly status: number;
}
function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

/** Converts anything thrown into an AppError a client may see; undefined when it is a bug. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const storeError = toStoreError(error);
  if (storeError) return storeError;
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message }));
    return new AppError('VALIDATION.FAILED', 'the request is invalid', { fields });
  }
  if (isBodyParserError(error)) {
    if (error.type === 'entity.too.large') return new AppError('REQUEST.TOO_LARGE', 'the request body is too large');
    if (error.type === 'entity.parse.failed')
      return new AppError('REQUEST.MALFORMED_JSON', 'the body is not valid JSON');
    if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') {
      return new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding');
    }
  }
  return undefined;
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
      const retryAfter = appError.details?.['retryAfterSeconds'];
      if (status === 429 && typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
      res.status(status).json({
        error: { code: appError.code, message: appError.message, details: appError.details, traceId },
      });
      return;
    }
    logger.error('unhandled error', { error, traceId });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error', traceId } });
  };
}

import path from 'node:path';
import winston from 'winston';
import { currentLogContext } from './context';

/** The logger type every component receives through the LOGGER token. */
export type Logger = winston.Logger;

/** Container token of the root Logger. */
export const LOGGER = Symbol.for('polychat.Logger');

export interface LoggerOptions {
  readonly level: string;
  /** Folder for app.log and errors.log; empty for stdout only. */
  readonly dir: string;
  /** Also write to stdout (default true). */
  readonly console?: boolean;
  readonly maxBytes: number;
  readonly maxFiles: number;
  readonly service?: string;
}

/** Adds the request/trace id of the current async chain to each line. */
const withContext = winston.format((info) => Object.assign(info, currentLogContext()));

/** An Error as plain JSON: name, message, code, stack and its cause chain (JSON.stringify gives `{}`). */
export function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const extra = error as Error & { code?: unknown; details?: unknown };
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (extra.code !== undefined) out['code'] = extra.code;
  if (extra.details !== undefined) out['details'] = extra.details;
  out['stack'] = error.stack;
  if (error.cause !== undefined && depth < 4) {
    out['cause'] = error.cause instanceof Error ? serializeError(error.cause, depth + 1) : error.cause;
  }
  return out;
}

/** Error values among a line's fields (`logger.warn('x', { error })`) are written out, not as `{}`. */
const errorFields = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (key !== 'message' && value instanceof Error) info[key] = serializeError(value);
  }
  return info;
});

/**
 * Structured JSON logs to stdout and, when a folder is set, to app.log (everything at `level`) and
 * errors.log (errors only), each rotated by size.
 */
export function createLogger(options: LoggerOptions): Logger {
  const format = winston.format.combine(
    withContext(),
    winston.format.timestamp(),
    winston.format.errors({ stack: true }),
    errorFields(),
    winston.format.json(),
  );
  const transports: winston.transport[] = [];
  if (options.console ?? true) transports.push(new winston.transports.Console());
  if (options.dir) {
    const file = (name: string, level?: string): winston.transport =>
      new winston.transports.File({
        filename: path.resolve(options.dir, name),
        level,
        maxsize: options.maxBytes,
        maxFiles: options.maxFiles,
        tailable: true,
      });
    transports.push(file('app.log'), file('errors.log', 'error'));
  }
  const logger = winston.createLogger({
    level: options.level,
    // Nowhere to write (no console, no folder): keep winston from warning about it.
    silent: transports.length === 0,
    format,
    defaultMeta: { service: options.service ?? 'polychat', pid: process.pid },
    transports,
  });
  // A client closing after the logger (a late kafkajs or driver callback) must not crash the
  // process with "write after end": its line is dropped.
  logger.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_WRITE_AFTER_END') process.stderr.write(`logger error: ${error.message}\n`);
  });
  return logger;
}

/** Ends the logger and waits until every transport has flushed. */
export function closeLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    logger.on('finish', () => setImmediate(resolve));
    logger.end();
  });
}

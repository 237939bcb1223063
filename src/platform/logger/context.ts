import { AsyncLocalStorage } from 'node:async_hooks';

/** Correlation ids carried through an async call chain (a request, a consumed event). */
export interface LogContext {
  readonly requestId?: string;
  readonly traceId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` attached to every log line written inside it. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** The correlation ids of the current async chain, if any. */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

import { decodeEnvelope } from './envelope';
import type { LogReader, LogStart, PartitionRange } from './log-reader';
import type { StreamHandler } from './ports';

export interface ReplayOptions {
  readonly topic: string;
  readonly start: LogStart;
  readonly handler: StreamHandler;
  /** Attempts per event (with doubling backoff) before it counts as failed; nothing goes to the DLQ. */
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly signal?: AbortSignal;
  /** Told the planned ranges before reading, and each message read. */
  readonly onPlan?: (ranges: readonly PartitionRange[]) => void;
  readonly onMessage?: () => void;
}

export interface ReplayResult {
  readonly ranges: readonly PartitionRange[];
  readonly applied: number;
  /** Events of types the handler does not apply. */
  readonly skipped: number;
  readonly failed: readonly { readonly position: string; readonly eventId: string | null; readonly error: string }[];
}

/**
 * Re-feeds one stream handler from the log (a bounded read by LogReader): events go to the handler
 * directly, in partition order, with the worker's retry rule. Handlers are idempotent, so replaying
 * events it already applied changes nothing; the live consumer groups are not touched.
 */
export async function replayLog(reader: LogReader, options: ReplayOptions): Promise<ReplayResult> {
  const { handler } = options;
  const ranges = await reader.plan(options.topic, options.start);
  options.onPlan?.(ranges);
  let [applied, skipped] = [0, 0];
  const failed: { position: string; eventId: string | null; error: string }[] = [];
  await reader.read(
    options.topic,
    ranges,
    async (message, position) => {
      options.onMessage?.();
      const where = `${position.partition}@${position.offset}`;
      let event;
      try {
        event = decodeEnvelope(message.value);
      } catch (error) {
        failed.push({ position: where, eventId: null, error: messageOf(error) });
        return;
      }
      if (handler.eventTypes && !handler.eventTypes.includes(event.type)) {
        skipped += 1;
        return;
      }
      for (let attempt = 1; ; attempt += 1) {
        try {
          await handler.handle(event, { ...position, attempt });
          applied += 1;
          return;
        } catch (error) {
          if (attempt >= options.maxAttempts) {
            failed.push({ position: where, eventId: event.id, error: messageOf(error) });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, options.backoffMs * 2 ** (attempt - 1)));
        }
      }
    },
    options.signal,
  );
  return { ranges, applied, skipped, failed };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

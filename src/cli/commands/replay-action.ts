import {
  KAFKA_PLATFORM,
  LogReader,
  replayLog,
  STREAM_HANDLER,
  type KafkaPlatform,
  type LogStart,
  type StreamHandler,
} from '../../platform/kafka';
import { CliError, formatDuration, printSummary, rate, runJob } from '../support';

/** What `polychat replay` was asked for. */
export interface ReplayFlags {
  topic: string;
  from: LogStart;
  projection: string;
}

/** The handler named `name` that reads `topic`; otherwise a message listing the ones that do. */
function handlerFor(handlers: readonly StreamHandler[], topic: string, name: string): StreamHandler {
  const readers = handlers.filter((handler) => handler.topics.includes(topic));
  const handler = readers.find((candidate) => candidate.name === name);
  if (!handler) {
    throw new CliError(
      `no projection "${name}" reads ${topic}; choose one of ${readers.map((r) => r.name).join(', ')}`,
    );
  }
  return handler;
}

/** `polychat replay`: re-feeds one projection from the log (every store: the handler writes to its own). */
export async function replay(flags: ReplayFlags): Promise<void> {
  const started = performance.now();
  const result = await runJob('replay', {}, async ({ booted, signal, ...context }) => {
    const handlers = booted.container.getAll<StreamHandler>(STREAM_HANDLER, { optional: true });
    const handler = handlerFor(handlers, flags.topic, flags.projection);
    const reader = new LogReader(
      booted.container.get<KafkaPlatform>(KAFKA_PLATFORM),
      booted.config.KAFKA_CONSUMER_GROUP,
    );
    let bar: ReturnType<typeof context.progress> | undefined;
    return replayLog(reader, {
      topic: flags.topic,
      start: flags.from,
      handler,
      maxAttempts: booted.config.KAFKA_MAX_ATTEMPTS,
      backoffMs: booted.config.KAFKA_RETRY_BACKOFF_MS,
      signal,
      onPlan: (ranges) => {
        const total = ranges.reduce((sum, range) => sum + Number(range.to - range.from), 0);
        bar = context.progress({ label: 'events', total });
      },
      onMessage: () => bar?.increment(),
    }).finally(() => bar?.stop());
  });
  const ms = performance.now() - started;
  for (const failure of result.failed) {
    console.log(`failed ${failure.position} ${failure.eventId ?? '(undecodable)'}: ${failure.error}`);
  }
  const read = result.applied + result.skipped + result.failed.length;
  printSummary(`replay ${flags.topic} -> ${flags.projection}`, [
    ...result.ranges.map((range): [string, string] => [
      `partition ${range.partition}`,
      range.from < range.to ? `offsets ${range.from}..${range.to - 1n}` : `nothing (at ${range.to})`,
    ]),
    ['applied', result.applied],
    ['skipped', `${result.skipped} (event types the projection ignores)`],
    ['failed', result.failed.length],
    ['time', `${formatDuration(ms)} (${rate(read, ms)})`],
  ]);
  if (result.failed.length > 0) process.exitCode = 2;
}

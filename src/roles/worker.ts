import type { Booted } from '../bootstrap';
import { CONSUMER_RUNNER, STREAM_HANDLER, type ConsumerRunner, type StreamHandler } from '../platform/kafka';

/** The worker role: runs every contributed stream handler in its own consumer group. */
export async function startWorker({ container, logger, shutdown }: Booted): Promise<void> {
  const runner = container.get<ConsumerRunner>(CONSUMER_RUNNER);
  const handlers = container.getAll<StreamHandler>(STREAM_HANDLER, { optional: true });
  shutdown.add('consumers', () => runner.stop());
  await runner.start(handlers);
  logger.info('worker started', { handlers: handlers.map((handler) => handler.name) });
}

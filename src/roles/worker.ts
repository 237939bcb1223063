import type { Booted } from '../bootstrap';
import {
  CONSUMER_RUNNER,
  EVENT_PUBLISHER,
  STREAM_HANDLER,
  type ConsumerRunner,
  type EventPublisher,
  type StreamHandler,
} from '../platform/kafka';
import { OUTBOX_SOURCE, OutboxRelay, type OutboxSource } from '../platform/outbox';

/**
 * The worker role: one relay per owner store's outbox (only one worker's relay leads per store),
 * and every contributed stream handler in its own consumer group.
 */
export async function startWorker({ container, config, logger, shutdown }: Booted): Promise<OutboxRelay[]> {
  const publisher = container.get<EventPublisher>(EVENT_PUBLISHER);
  const relays = container
    .getAll<OutboxSource>(OUTBOX_SOURCE)
    .map(
      (source) =>
        new OutboxRelay(
          source,
          publisher,
          { batchSize: config.OUTBOX_BATCH_SIZE, pollIntervalMs: config.OUTBOX_POLL_MS, maxBackoffMs: 5000 },
          logger,
        ),
    );
  const runner = container.get<ConsumerRunner>(CONSUMER_RUNNER);
  const handlers = container.getAll<StreamHandler>(STREAM_HANDLER, { optional: true });
  shutdown.add('consumers', () => runner.stop());
  await runner.start(handlers);
  shutdown.add('outbox-relays', async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
  });
  await Promise.all(relays.map((relay) => relay.start()));
  logger.info('worker started', { handlers: handlers.map((handler) => handler.name), relays: relays.length });
  return relays;
}

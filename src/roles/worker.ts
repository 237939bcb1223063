import type { Booted } from '../bootstrap';
import { createHttpApp, listen } from '../platform/http';
import {
  CONSUMER_RUNNER,
  EVENT_PUBLISHER,
  STREAM_HANDLER,
  type ConsumerRunner,
  type EventPublisher,
  type StreamHandler,
} from '../platform/kafka';
import { OUTBOX_SOURCE, OutboxRelay, type OutboxSource } from '../platform/outbox';
import { sharedHttpOptions } from './http-options';

export interface WorkerOptions {
  /**
   * Serve /healthz, /readyz and /metrics on HTTP_HOST:HTTP_PORT (for probes and scrapes). Only a
   * worker-only process does: where the api role runs too, its app serves them.
   */
  readonly http?: boolean;
}

/**
 * The worker role: one relay per owner store's outbox (only one worker's relay leads per store),
 * and every contributed stream handler in its own consumer group.
 */
export async function startWorker(booted: Booted, options: WorkerOptions = {}): Promise<OutboxRelay[]> {
  const { container, config, logger, shutdown } = booted;
  if (options.http) await serveOps(booted); // first, so probes answer while consumers join their groups
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

/** The worker's own small app: only the operations endpoints; it stops last, after the consumers. */
async function serveOps(booted: Booted): Promise<void> {
  const { config, logger, shutdown } = booted;
  let draining = false;
  const app = createHttpApp({ ...sharedHttpOptions(booted, () => draining), routes: [] }, logger);
  const http = await listen(app, config.HTTP_HOST, config.HTTP_PORT);
  shutdown.add('http', async () => {
    draining = true;
    await http.stop(config.SHUTDOWN_GRACE_MS);
  });
  logger.info('worker operations endpoints listening', { host: config.HTTP_HOST, port: http.port });
}

import { Histogram, type Registry } from 'prom-client';
import type { ProjectionObserver } from '../kafka';

/**
 * Projection latency: from an event's occurredAt to the moment a stream handler applied it, per
 * handler and (logical) topic. It includes the outbox relay and Kafka, so it is the staleness a
 * reader of the projection sees.
 */
export class ProjectionMetrics implements ProjectionObserver {
  private readonly latency: Histogram<'handler' | 'topic'>;

  constructor(registry: Registry) {
    this.latency = new Histogram({
      name: 'polychat_projection_latency_seconds',
      help: 'Seconds from an event occurring to a stream handler applying it, by handler and topic.',
      labelNames: ['handler', 'topic'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
  }

  applied(handler: string, topic: string, latencySeconds: number): void {
    this.latency.observe({ handler, topic }, Math.max(0, latencySeconds));
  }
}

import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../logger';
import { registerClusterGauges, type ClusterSources, type ReadingOptions } from './cluster-gauges';
import { HttpMetrics } from './http-metrics';
import { ProjectionMetrics } from './projection-metrics';
import { PromWsMetrics } from './ws-metrics';

/**
 * The process's Prometheus registry and the instruments the platform records into. One per booted
 * container (not prom-client's global registry), so tests that boot several in one process do not
 * collide. Serve `registry` at /metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly http: HttpMetrics;
  readonly ws: PromWsMetrics;
  readonly projections: ProjectionMetrics;
  private watching = false;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.http = new HttpMetrics(this.registry);
    this.ws = new PromWsMetrics(this.registry);
    this.projections = new ProjectionMetrics(this.registry);
  }

  /** Adds the outbox backlog, consumer lag and DLQ gauges (once; read on each scrape). */
  watchCluster(sources: ClusterSources, options: ReadingOptions, logger: Logger): void {
    if (this.watching) return;
    this.watching = true;
    registerClusterGauges(this.registry, sources, options, logger);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Container token of the process's Metrics. */
export const METRICS = Symbol.for('polychat.Metrics');

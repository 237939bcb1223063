export { CachedReading } from './cached-reading';
export { registerClusterGauges, type ClusterSources, type ReadingOptions } from './cluster-gauges';
export { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics';
export { BoundedLabel } from './label-values';
export { Metrics, METRICS } from './metrics';
export { ProjectionMetrics } from './projection-metrics';
export { PromWsMetrics, WS_METRICS, type WsMetrics } from './ws-metrics';

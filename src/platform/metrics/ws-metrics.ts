import { Counter, Gauge, type Registry } from 'prom-client';
import { BoundedLabel } from './label-values';

/**
 * What the WebSocket gateway reports: connections opened and closed, frames by type in each
 * direction, and connections or frames it refused. Implemented with prom-client below; bound in
 * the container under WS_METRICS so the gateway depends on this interface only.
 */
export interface WsMetrics {
  /** A client completed the upgrade. */
  connectionOpened(): void;
  /** A connection ended with this close code (1000 normal, 4001 unauthenticated, …). */
  connectionClosed(code: number): void;
  /** A frame arrived from a client, by its `type` (as sent; unknown types are bounded). */
  frameIn(type: string): void;
  /** A frame was sent to a client, by its `type`. */
  frameOut(type: string): void;
  /** An upgrade or frame was refused, by reason (unauthenticated, rate_limited, too_large, bad_frame, …). */
  rejected(reason: string): void;
}

/** Container token of the WsMetrics the gateway reports to. */
export const WS_METRICS = Symbol.for('polychat.WsMetrics');

/** WsMetrics as Prometheus series: polychat_ws_connections, polychat_ws_frames_{in,out}_total, … */
export class PromWsMetrics implements WsMetrics {
  private readonly open: Gauge;
  private readonly closed: Counter<'code'>;
  private readonly framesIn: Counter<'type'>;
  private readonly framesOut: Counter<'type'>;
  private readonly refused: Counter<'reason'>;
  private readonly typesIn = new BoundedLabel();
  private readonly typesOut = new BoundedLabel();
  private readonly codes = new BoundedLabel(40, /^\d{1,4}$/);
  private readonly reasons = new BoundedLabel(20);

  constructor(registry: Registry) {
    const registers = [registry];
    this.open = new Gauge({
      name: 'polychat_ws_connections',
      help: 'WebSocket connections open now.',
      registers,
    });
    this.closed = new Counter({
      name: 'polychat_ws_connections_closed_total',
      help: 'WebSocket connections closed, by close code.',
      labelNames: ['code'],
      registers,
    });
    this.framesIn = new Counter({
      name: 'polychat_ws_frames_in_total',
      help: 'WebSocket frames received from clients, by frame type.',
      labelNames: ['type'],
      registers,
    });
    this.framesOut = new Counter({
      name: 'polychat_ws_frames_out_total',
      help: 'WebSocket frames sent to clients, by frame type.',
      labelNames: ['type'],
      registers,
    });
    this.refused = new Counter({
      name: 'polychat_ws_rejected_total',
      help: 'WebSocket upgrades or frames refused, by reason.',
      labelNames: ['reason'],
      registers,
    });
  }

  connectionOpened(): void {
    this.open.inc();
  }

  connectionClosed(code: number): void {
    this.open.dec();
    this.closed.inc({ code: this.codes.of(String(code)) });
  }

  frameIn(type: string): void {
    this.framesIn.inc({ type: this.typesIn.of(type) });
  }

  frameOut(type: string): void {
    this.framesOut.inc({ type: this.typesOut.of(type) });
  }

  rejected(reason: string): void {
    this.refused.inc({ reason: this.reasons.of(reason) });
  }
}

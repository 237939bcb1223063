import { Counter, Histogram, type Registry } from 'prom-client';
import type { ModerationMetrics } from '../application/ports';
import type { Verdict } from '../domain/policy';

/** polychat_moderation_inference_seconds and polychat_moderation_verdicts_total, by model version. */
export class PromModerationMetrics implements ModerationMetrics {
  private readonly inference: Histogram<'model'>;
  private readonly verdicts: Counter<'model' | 'verdict'>;

  constructor(registry: Registry) {
    this.inference = new Histogram({
      name: 'polychat_moderation_inference_seconds',
      help: 'Seconds to score one message body, by model version.',
      labelNames: ['model'],
      buckets: [0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.005, 0.01],
      registers: [registry],
    });
    this.verdicts = new Counter({
      name: 'polychat_moderation_verdicts_total',
      help: 'Moderation verdicts on sent and edited messages, by model version and verdict.',
      labelNames: ['model', 'verdict'],
      registers: [registry],
    });
  }

  scored(model: string, seconds: number, verdict: Verdict): void {
    this.inference.observe({ model }, seconds);
    this.verdicts.inc({ model, verdict });
  }
}

/**
 * Keeps a label's values bounded: Prometheus keeps one series per label value, so a value a client
 * chooses (a WebSocket frame type, a close code) must not grow the series without limit. Values
 * that are not well-formed become `invalid`; once `max` distinct values were seen, new ones become
 * `other`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max = 50,
    private readonly pattern: RegExp = /^[A-Za-z0-9_.:-]{1,64}$/,
  ) {}

  /** The value to record for `raw`. */
  of(raw: string): string {
    if (!this.pattern.test(raw)) return 'invalid';
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

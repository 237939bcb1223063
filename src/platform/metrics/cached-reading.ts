/**
 * A reading of something slow (a count in a store, offsets from Kafka) shared by the scrapes that
 * come within `ttlMs` of it: at most one read runs at a time, and a scrape waits at most
 * `timeoutMs` for it, so a slow or unreachable store never stalls /metrics or gets hammered by it.
 * Failures are not cached: the next scrape tries again.
 */
export class CachedReading<T> {
  private value: { readonly at: number; readonly data: T } | undefined;
  private inFlight: Promise<T> | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value while fresh, else a new reading; rejects when the reading fails or times out. */
  get(): Promise<T> {
    if (this.value && this.now() - this.value.at < this.ttlMs) return Promise.resolve(this.value.data);
    this.inFlight ??= this.read()
      .then((data) => {
        this.value = { at: this.now(), data };
        return data;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return withTimeout(this.inFlight, this.timeoutMs);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The stores /readyz reports on. */
export type StoreName = 'postgres' | 'mongo' | 'neo4j' | 'redis' | 'kafka';

/** A readiness probe of one store: resolves when the store answers, throws otherwise. */
export interface HealthCheck {
  readonly name: StoreName;
  check(): Promise<void>;
}

/** Multi-bound: every store client contributes one HealthCheck. */
export const HEALTH_CHECK = Symbol.for('polychat.HealthCheck');

export interface StoreHealth {
  readonly status: 'ok' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export interface Readiness {
  readonly ok: boolean;
  readonly stores: Readonly<Partial<Record<StoreName, StoreHealth>>>;
}

/** Runs every check in parallel, each bounded by `timeoutMs`, and reports status and latency per store. */
export async function checkReadiness(checks: readonly HealthCheck[], timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[StoreName, StoreHealth]> => {
      const started = performance.now();
      try {
        await withTimeout(check.check(), timeoutMs);
        return [check.name, { status: 'ok', latencyMs: elapsed(started) }];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [check.name, { status: 'down', latencyMs: elapsed(started), error: message }];
      }
    }),
  );
  return { ok: results.every(([, health]) => health.status === 'ok'), stores: Object.fromEntries(results) };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

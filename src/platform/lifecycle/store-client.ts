import type { HealthCheck } from '../health';

/** A connected store client with its readiness probe and its way to close. */
export interface StoreClient<T> {
  readonly client: T;
  readonly health: HealthCheck;
  close(): Promise<void>;
}

/**
 * Periodic work a role runs while it is up (e.g. presence renewal on api processes). The role
 * starts each after it is serving and stops it first at shutdown.
 */
export interface BackgroundTask {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
}

/** Multi-bound by feature modules; the api role runs them. */
export const API_TASK = Symbol.for('polychat.ApiTask');

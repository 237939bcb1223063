import type { Logger } from '../logger';

/** Something started during boot, stopped at shutdown. */
export interface Disposer {
  readonly name: string;
  dispose(): Promise<void>;
}

/**
 * Collects disposers in start order and runs them in reverse, each once, each failure logged and
 * the rest still run.
 */
export class Shutdown {
  private readonly disposers: Disposer[] = [];
  private running: Promise<void> | undefined;

  /** Registers a step to undo at shutdown; later registrations are undone first. */
  add(name: string, dispose: () => Promise<void> | void): void {
    this.disposers.push({ name, dispose: async () => dispose() });
  }

  /** Disposes everything in reverse order; concurrent calls share one run. */
  run(logger?: Logger): Promise<void> {
    this.running ??= (async () => {
      for (const disposer of [...this.disposers].reverse()) {
        try {
          await disposer.dispose();
          logger?.debug('stopped', { component: disposer.name });
        } catch (error) {
          logger?.error('stop failed', { component: disposer.name, error });
        }
      }
    })();
    return this.running;
  }
}

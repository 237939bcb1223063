import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { bootstrap, type Booted, type BootOptions } from '../../bootstrap';
import { loadConfig, type Config } from '../../config';
import { REDIS_LOCKS, type RedisLocks } from '../../platform/redis';
import { CliError } from './cli-error';
import { createProgress, type Progress, type ProgressOptions } from './progress';

/** How a job is run: its lock and how it boots. */
export interface JobOptions extends BootOptions {
  /** Take a Redis lease on the job's name so two runs never overlap (default true). */
  readonly exclusive?: boolean;
  /** Lease lifetime if this process dies without releasing it (default: JOB_LEASE_TTL_MS). */
  readonly leaseTtlMs?: number;
}

/** What a job's work gets: the booted container, a stop signal and progress bars. */
export interface JobContext {
  readonly booted: Booted;
  /** Aborted on SIGINT/SIGTERM or when the lease is lost: stop at the next batch boundary. */
  readonly signal: AbortSignal;
  /** A progress bar on stderr (a no-op when stderr is not a TTY). */
  progress(options: ProgressOptions): Progress;
}

/** Another run of the same job holds its lease; exits 75 (EX_TEMPFAIL: try again later). */
export class JobAlreadyRunningError extends CliError {
  constructor(job: string, holder: string) {
    super(`job "${job}" is already running (held by ${holder}); wait for it to finish or try again later`, 75);
  }
}

/**
 * Boots like the app, takes the `job:<name>` lease (renewed while the work runs), runs `work`,
 * and always releases the lease and shuts down, also on failure and on Ctrl-C.
 */
export async function runJob<T>(
  name: string,
  options: JobOptions,
  work: (context: JobContext) => Promise<T>,
): Promise<T> {
  const booted = await bootstrap({
    service: `polychat:${name}`,
    ...options,
    config: quiet(options.config ?? loadConfig()),
  });
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${name}: stopping after the current batch (press again to force)\n`);
    controller.abort(new CliError(`${name}: interrupted`, 130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bars: Progress[] = [];
  try {
    const release = options.exclusive === false ? undefined : await holdLease(booted, name, options, controller);
    try {
      return await work({
        booted,
        signal: controller.signal,
        progress: (progressOptions) => {
          const bar = createProgress(progressOptions);
          bars.push(bar);
          return bar;
        },
      });
    } finally {
      for (const bar of bars) bar.stop();
      await release?.();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await booted.stop();
  }
}

/**
 * A command talks to its user through progress bars and a summary; its log lines go to the log
 * files (when there are any) instead of the terminal.
 */
function quiet(config: Config): Config {
  return config.LOG_DIR === '' ? config : { ...config, LOG_CONSOLE: false };
}

/** Takes the lease or refuses; renews it until released, aborting the job if it is ever lost. */
async function holdLease(
  booted: Booted,
  name: string,
  options: JobOptions,
  controller: AbortController,
): Promise<() => Promise<void>> {
  const locks = booted.container.get<RedisLocks>(REDIS_LOCKS);
  const ttlMs = options.leaseTtlMs ?? booted.config.JOB_LEASE_TTL_MS;
  const key = `job:${name}`;
  const holder = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  if (!(await locks.lease(key, holder, ttlMs))) {
    throw new JobAlreadyRunningError(name, (await locks.leaseHolder(key)) ?? 'another process');
  }
  const renew = setInterval(
    () => {
      locks.lease(key, holder, ttlMs).then(
        (held) => {
          if (!held) controller.abort(new CliError(`${name}: lost its lease to another run; stopped`, 75));
        },
        (error: unknown) => booted.logger.warn('lease renewal failed', { job: name, error }),
      );
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  renew.unref();
  return async () => {
    clearInterval(renew);
    await locks.releaseLease(key, holder);
  };
}

import type { Command } from 'commander';
import { positiveInt } from '../support/options';

/** The implementation, loaded only when the command runs (so `--help` loads nothing). */
const action = (): typeof import('./spark-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./spark-action') as typeof import('./spark-action');

type SparkRunOptions = import('./spark-action').SparkRunOptions;

const withRunOptions = (command: Command): Command =>
  command
    .option('--master <url>', 'spark-submit --master: local[2], k8s://https://host:port, spark://host:port', 'local[2]')
    .option('--driver-memory <size>', 'spark-submit --driver-memory', '1g');

/**
 * `polychat spark analytics|stream|graph`: the Spark jobs of scripts/spark, run with spark-submit from
 * the project venv (scripts/spark/.venv, made on first use) with this environment's resolved
 * configuration (docs/decisions/0044). The command itself connects to no store.
 */
export function register(program: Command): void {
  const spark = program
    .command('spark')
    .description('Spark jobs over the Kafka log or a dataset folder (venv scripts/spark/.venv, made on first use)');
  withRunOptions(
    spark
      .command('analytics')
      .description(
        'every analytics table (daily counts, new and active users, top chats, graph statistics) as Parquet ' +
          'under data/processed/spark/analytics; --load rebuilds the PostgreSQL projection (docs/decisions/0045)',
      )
      .option('--source <source>', 'kafka, or a dataset folder (polychat export/seed format)', 'kafka')
      .option('--from <time>', 'Kafka only: start at this ISO 8601 time instead of the earliest offset')
      .option('--out <dir>', 'Parquet folder (default data/processed/spark/analytics)')
      .option('--load', 'rebuild the PostgreSQL analytics projection and hand it to the online consumer'),
  ).action((options: SparkRunOptions & { source: string; from?: string; out?: string; load?: boolean }) =>
    action().analytics(options),
  );
  withRunOptions(
    spark
      .command('stream')
      .description(
        'per-day message aggregates as a Structured Streaming job over Kafka, upserted into PostgreSQL per ' +
          'micro-batch, exactly once (docs/decisions/0046)',
      )
      .option('--checkpoint <dir>', 'checkpoint folder (default data/processed/spark/checkpoints/stream)')
      .option('--available-now', 'process what the topic holds now, then stop (a catch-up run)')
      .option('--trigger-seconds <n>', 'micro-batch interval while running continuously', positiveInt, 5),
  ).action((options: SparkRunOptions & { checkpoint?: string; availableNow?: boolean; triggerSeconds: number }) =>
    action().stream(options),
  );
  withRunOptions(
    spark
      .command('graph')
      .description(
        'degree distribution, connected components and friend-of-friend candidates with ranking features, ' +
          'as Parquet under data/processed/spark/graph',
      )
      .option('--source <source>', 'kafka, or a dataset folder (polychat export/seed format)', 'kafka')
      .option('--out <dir>', 'Parquet folder (default data/processed/spark/graph)')
      .option('--max-candidates <n>', 'candidates kept per user, by mutual friends', positiveInt, 50),
  ).action((options: SparkRunOptions & { source: string; out?: string; maxCandidates: number }) =>
    action().graph(options),
  );
}

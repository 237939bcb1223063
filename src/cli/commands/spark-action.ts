import { spawn } from 'node:child_process';
import path from 'node:path';
import { childEnvironment, loadConfig, repoRoot } from '../../config';
import { CliError, printSummary, type SummaryRow } from '../support';

/** Options every job takes: where Spark runs and how big its driver is. */
export interface SparkRunOptions {
  master: string;
  driverMemory: string;
}

const SUBMIT = path.join(repoRoot, 'scripts', 'spark', 'submit.sh');
const RESULT_PREFIX = 'polychat-spark-result ';

/**
 * The app's configuration, resolved by the app's own loader, as the variables the Spark jobs read
 * (scripts/spark/polychat_spark/session.py): no second configuration system (0044).
 */
function jobEnvironment(options: SparkRunOptions): NodeJS.ProcessEnv {
  const config = loadConfig();
  return childEnvironment({
    PG_URL: config.PG_URL,
    KAFKA_BROKERS: config.KAFKA_BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
    KAFKA_CONSUMER_GROUP: config.KAFKA_CONSUMER_GROUP,
    SPARK_MASTER: options.master,
    SPARK_DRIVER_MEMORY: options.driverMemory,
  });
}

/** Runs scripts/spark/submit.sh; Spark's own output goes to stderr, the job's result line is parsed. */
function submit(job: string, args: readonly string[], options: SparkRunOptions): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SUBMIT, job, ...args], {
      cwd: repoRoot,
      env: jobEnvironment(options),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new CliError(`spark ${job} failed (spark-submit exited ${code}); its output is above`, code || 1));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<string, unknown>);
    });
  });
}

const flag = (name: string, value: string | number | boolean | undefined): string[] =>
  value === undefined || value === false ? [] : value === true ? [name] : [name, String(value)];

const rowsOf = (result: Record<string, unknown>, keys: readonly string[]): SummaryRow[] =>
  keys.filter((key) => result[key] !== undefined).map((key) => [key, shown(result[key])]);

const shown = (value: unknown): string | number =>
  typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);

export async function analytics(
  options: SparkRunOptions & { source: string; from?: string; out?: string; load?: boolean },
): Promise<void> {
  const args = [
    ...flag('--source', options.source === 'kafka' ? 'kafka' : path.resolve(options.source)),
    ...flag('--from', options.from),
    ...flag('--out', options.out && path.resolve(options.out)),
    ...flag('--load', options.load),
  ];
  const result = await submit('analytics', args, options);
  printSummary(`spark analytics${options.load ? ' (PostgreSQL projection rebuilt)' : ''}`, [
    ...rowsOf(result, ['source', 'users', 'friendships', 'components', 'largestComponent', 'rows']),
    ...rowsOf(result, ['positions', 'merged', 'out', 'seconds']),
  ]);
}

export async function stream(
  options: SparkRunOptions & { checkpoint?: string; availableNow?: boolean; triggerSeconds: number },
): Promise<void> {
  const args = [
    ...flag('--checkpoint', options.checkpoint && path.resolve(options.checkpoint)),
    ...flag('--available-now', options.availableNow),
    ...flag('--trigger-seconds', options.triggerSeconds),
  ];
  const result = await submit('stream', args, options);
  printSummary(
    'spark stream',
    rowsOf(result, ['batches', 'events', 'facts', 'eventsPerSecond', 'streamingSeconds', 'checkpoint', 'seconds']),
  );
}

export async function graph(
  options: SparkRunOptions & { source: string; out?: string; maxCandidates: number },
): Promise<void> {
  const args = [
    ...flag('--source', options.source === 'kafka' ? 'kafka' : path.resolve(options.source)),
    ...flag('--out', options.out && path.resolve(options.out)),
    ...flag('--max-candidates', options.maxCandidates),
  ];
  const result = await submit('graph', args, options);
  printSummary(
    'spark graph',
    rowsOf(result, [
      'source',
      'users',
      'friendships',
      'components',
      'largestComponent',
      'candidates',
      'out',
      'seconds',
    ]),
  );
}

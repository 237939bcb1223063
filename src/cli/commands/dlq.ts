import type { Command } from 'commander';
import { ALL_TOPICS } from '../../platform/kafka/topics';
import { oneOf } from '../support/options';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./dlq-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./dlq-action') as typeof import('./dlq-action');

const topicOption = oneOf(ALL_TOPICS);

/** `polychat dlq list|redrive`: inspect and re-drive the dead-letter topics. */
export function register(program: Command): void {
  const dlq = program.command('dlq').description('dead-letter topics: events a stream handler could not apply');
  dlq
    .command('list')
    .description('list dead letters with their handler and error')
    .option('--topic <topic>', 'only this source topic', topicOption)
    .action((options: { topic?: string }) => action().listDeadLetters(options));
  dlq
    .command('redrive')
    .description('feed dead letters back to the handler that failed them; those that fail again stay')
    .option('--topic <topic>', 'only this source topic', topicOption)
    .option('--handler <name>', 'only letters of this stream handler')
    .action((options: { topic?: string; handler?: string }) => action().redrive(options));
}

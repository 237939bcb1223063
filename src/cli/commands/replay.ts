import { InvalidArgumentError, type Command } from 'commander';
// Single files of platform/kafka with no driver behind them: declaring the command loads no kafkajs.
import { parseLogStart, type LogStart } from '../../platform/kafka/log-reader';
import { ALL_TOPICS } from '../../platform/kafka/topics';
import { oneOf } from '../support/options';
import type { ReplayFlags } from './replay-action';

/** The implementation, loaded only when the command runs (so `--help` loads no driver). */
const action = (): typeof import('./replay-action') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose; import() is not CJS-safe under tsx/cjs
  require('./replay-action') as typeof import('./replay-action');

function logStart(value: string): LogStart {
  const start = parseLogStart(value);
  if (!start) throw new InvalidArgumentError('an offset (123), offsets per partition (0:12,2:40) or an ISO time');
  return start;
}

/** `polychat replay --topic T --from X --projection P`: re-feeds one projection from the log. */
export function register(program: Command): void {
  program
    .command('replay')
    .description(
      're-feed one projection (a stream handler) from the Kafka log, up to the end of the log at the start; ' +
        'the live consumer groups are not touched',
    )
    .requiredOption('--topic <topic>', `the topic to read: ${ALL_TOPICS.join(', ')}`, oneOf(ALL_TOPICS))
    .requiredOption(
      '--from <offset|time>',
      'an offset on every partition (0), per partition (0:12,2:40), or an ISO time',
      logStart,
    )
    .requiredOption('--projection <name>', 'the stream handler to feed, e.g. search.index-messages')
    .addHelpText('after', '\nExit codes: 0 replayed, 2 some events failed (listed), 75 another replay is running.')
    .action((flags: ReplayFlags) => action().replay(flags));
}

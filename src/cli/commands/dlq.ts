import type { Command } from 'commander';
import type { Booted } from '../../bootstrap';
import {
  ALL_TOPICS,
  DeadLetters,
  KAFKA_PLATFORM,
  STREAM_HANDLER,
  type KafkaPlatform,
  type StreamHandler,
} from '../../platform/kafka';
import { oneOf, printSummary, runJob } from '../support';

function deadLetters(booted: Booted): DeadLetters {
  return new DeadLetters(booted.container.get<KafkaPlatform>(KAFKA_PLATFORM), booted.config.KAFKA_CONSUMER_GROUP);
}

const topicOption = oneOf(ALL_TOPICS);

/** `polychat dlq list|redrive`: inspect and re-drive the dead-letter topics. */
export function register(program: Command): void {
  const dlq = program.command('dlq').description('dead-letter topics: events a stream handler could not apply');
  dlq
    .command('list')
    .description('list dead letters with their handler and error')
    .option('--topic <topic>', 'only this source topic', topicOption)
    .action(async (options: { topic?: string }) => {
      const letters = await runJob('dlq-list', { exclusive: false }, ({ booted }) =>
        deadLetters(booted).list(options.topic ? [options.topic] : ALL_TOPICS),
      );
      for (const letter of letters) {
        console.log(
          [
            letter.topic,
            `${letter.partition}@${letter.offset}`,
            letter.eventType ?? '?',
            letter.eventId ?? '?',
            letter.handler,
            letter.failedAt,
            letter.error,
          ].join('\t'),
        );
      }
      console.log(`${letters.length} dead letter(s)`);
    });
  dlq
    .command('redrive')
    .description('feed dead letters back to the handler that failed them; those that fail again stay')
    .option('--topic <topic>', 'only this source topic', topicOption)
    .option('--handler <name>', 'only letters of this stream handler')
    .action(async (options: { topic?: string; handler?: string }) => {
      const result = await runJob('dlq-redrive', {}, ({ booted }) =>
        deadLetters(booted).redrive(
          options.topic ? [options.topic] : ALL_TOPICS,
          booted.container.getAll<StreamHandler>(STREAM_HANDLER, { optional: true }),
          options.handler,
        ),
      );
      for (const { letter, error } of result.failed)
        console.log(`still failing: ${letter.eventId ?? '?'} ${letter.handler}: ${error}`);
      printSummary('dlq redrive', [
        ['redriven', result.redriven],
        ['still failing', result.failed.length],
      ]);
      if (result.failed.length > 0) process.exitCode = 2;
    });
}

import type { Booted } from '../../bootstrap';
import {
  ALL_TOPICS,
  DeadLetters,
  KAFKA_PLATFORM,
  STREAM_HANDLER,
  type KafkaPlatform,
  type StreamHandler,
} from '../../platform/kafka';
import { printSummary, runJob } from '../support';

function deadLetters(booted: Booted): DeadLetters {
  return new DeadLetters(booted.container.get<KafkaPlatform>(KAFKA_PLATFORM), booted.config.KAFKA_CONSUMER_GROUP);
}

/** `polychat dlq list`: reads the dead-letter topics; only Kafka is connected. */
export async function listDeadLetters(options: { topic?: string }): Promise<void> {
  const letters = await runJob('dlq-list', { exclusive: false, stores: ['kafka'] }, ({ booted }) =>
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
}

/** `polychat dlq redrive`: the handlers write to their projections, so every store is connected. */
export async function redrive(options: { topic?: string; handler?: string }): Promise<void> {
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
}

import { Command, InvalidArgumentError } from 'commander';
import type { Connection } from 'mongoose';
import type { Driver } from 'neo4j-driver';
import { bootstrap, type Booted } from '../bootstrap';
import { loadConfig } from '../config';
import {
  ALL_TOPICS,
  DeadLetters,
  KAFKA_PLATFORM,
  STREAM_HANDLER,
  TOPIC_ADMIN,
  type KafkaPlatform,
  type StreamHandler,
  type TopicAdmin,
} from '../platform/kafka';
import { createLogger } from '../platform/logger';
import { MONGO_CONNECTION } from '../platform/mongo';
import { NEO4J_DRIVER } from '../platform/neo4j';
import { migrateOtherStores, migratePostgres } from './migrate';

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive whole number');
  return parsed;
}

function topicOption(value: string): string {
  if (!(ALL_TOPICS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`one of ${ALL_TOPICS.join(', ')}`);
  }
  return value;
}

/** Boots the container like the app does, runs `work`, and always shuts down. */
async function withBoot<T>(work: (booted: Booted) => Promise<T>): Promise<T> {
  const booted = await bootstrap({ service: 'polychat:cli' });
  try {
    return await work(booted);
  } finally {
    await booted.stop();
  }
}

function deadLetters(booted: Booted): DeadLetters {
  return new DeadLetters(booted.container.get<KafkaPlatform>(KAFKA_PLATFORM), booted.config.KAFKA_CONSUMER_GROUP);
}

/** `npx polychat <command>`: operations on the stores, configured and booted like the app itself. */
export function buildCli(): Command {
  const program = new Command('polychat').description('polychat operations').showHelpAfterError();

  program
    .command('migrate')
    .description('PostgreSQL migrations (node-pg-migrate), Neo4j constraints, MongoDB indexes, Kafka topics')
    .option('--down', 'revert PostgreSQL migrations instead of applying them')
    .option('--count <n>', 'how many PostgreSQL migrations (default: all up, one down)', positiveInt)
    .action(async (options: { down?: boolean; count?: number }) => {
      const config = loadConfig();
      const logger = createLogger({
        level: config.LOG_LEVEL,
        dir: '',
        maxBytes: 1,
        maxFiles: 1,
        service: 'polychat:migrate',
      });
      const direction = options.down ? 'down' : 'up';
      const names = await migratePostgres(config, logger, { direction, count: options.count });
      console.log(
        `postgres: ${names.length === 0 ? 'up to date' : `${direction === 'up' ? 'applied' : 'reverted'} ${names.join(', ')}`}`,
      );
      if (direction === 'down') return;
      await withBoot(async ({ container }) => {
        await migrateOtherStores({
          neo4j: container.get<Driver>(NEO4J_DRIVER),
          mongo: container.get<Connection>(MONGO_CONNECTION),
          topics: container.get<TopicAdmin>(TOPIC_ADMIN),
        });
      });
      console.log('neo4j: constraints ok; mongo: indexes ok; kafka: topics ok');
    });

  const dlq = program.command('dlq').description('dead-letter topics: events a stream handler could not apply');
  dlq
    .command('list')
    .description('list dead letters with their handler and error')
    .option('--topic <topic>', 'only this source topic', topicOption)
    .action(async (options: { topic?: string }) => {
      const letters = await withBoot((booted) =>
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
      const result = await withBoot((booted) =>
        deadLetters(booted).redrive(
          options.topic ? [options.topic] : ALL_TOPICS,
          booted.container.getAll<StreamHandler>(STREAM_HANDLER, { optional: true }),
          options.handler,
        ),
      );
      for (const { letter, error } of result.failed)
        console.log(`still failing: ${letter.eventId ?? '?'} ${letter.handler}: ${error}`);
      console.log(`redriven ${result.redriven}, still failing ${result.failed.length}`);
      if (result.failed.length > 0) process.exitCode = 2;
    });

  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}

import path from 'node:path';
import { inject, injectable } from 'inversify';
import { PASSWORD_HASHER, type PasswordHasher } from '../../auth';
import { fileNameOf, type DatasetManifest, type Entity } from '../domain/records';
import { DATASET_FILES, noProgress, type DatasetFiles, type ProgressFactory } from './ports';
import { generateConversations } from './synthetic/conversations';
import { generatePeople } from './synthetic/people';
import { Random } from './synthetic/random';

export interface SeedOptions {
  readonly out: string;
  readonly users: number;
  readonly seed: number;
  /** Messages in all (spread over the chats, heavy-tailed). */
  readonly messages: number;
  /** Days the dataset spans: users join in the first 70%, messages fill all of it. */
  readonly days: number;
  /** First day (UTC, ISO date); fixed by default so a seed always gives the same files. */
  readonly start: string;
  /** When given, every user gets an argon2 hash of it (the password itself is never written). */
  readonly password?: string;
  readonly progress?: ProgressFactory;
}

const DAY = 24 * 3600_000;

/**
 * Writes a synthetic dataset in the import format: the same options and seed give byte-identical
 * files (unless a password is hashed: its salt is random). Chats and messages are generated chat
 * by chat, twice over the same seed (once per file), so memory holds one chat's messages at most.
 */
@injectable()
export class SeedDataset {
  constructor(
    @inject(DATASET_FILES) private readonly files: DatasetFiles,
    @inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async run(options: SeedOptions): Promise<DatasetManifest> {
    const progress = options.progress ?? noProgress;
    const startMs = Date.parse(`${options.start}T00:00:00.000Z`);
    const endMs = startMs + options.days * DAY;
    const people = generatePeople(new Random(options.seed, 1), options.users, startMs, options.days);
    const passwordHash = options.password ? await this.hasher.hash(options.password) : null;
    const conversations = () => generateConversations(new Random(options.seed, 2), people, options.messages, endMs);
    const file = (entity: Entity) => path.join(options.out, fileNameOf(entity));
    const ticker = progress('messages', options.messages);
    const counts: Record<Entity, number> = {
      users: await this.files.writeLines(
        file('users'),
        people.users.map((user) => ({ ...user, passwordHash })),
      ),
      friendships: await this.files.writeLines(file('friendships'), people.friendships),
      chats: await this.files.writeLines(
        file('chats'),
        (function* () {
          for (const { chat } of conversations()) yield chat;
        })(),
      ),
      messages: await this.files.writeLines(
        file('messages'),
        (function* () {
          for (const { messages } of conversations()) yield* messages;
        })(),
        () => ticker.advance(1),
      ),
    };
    ticker.done();
    const manifest: DatasetManifest = {
      format: 'polychat-dataset',
      version: 1,
      source: {
        generator: 'polychat seed',
        seed: options.seed,
        users: options.users,
        messages: options.messages,
        days: options.days,
        start: options.start,
      },
      counts,
    };
    await this.files.writeJson(path.join(options.out, 'manifest.json'), manifest);
    return manifest;
  }
}

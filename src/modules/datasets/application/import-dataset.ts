import path from 'node:path';
import { inject, injectable } from 'inversify';
import { ImportChats, ImportMessages } from '../../chats';
import { ImportFriendships } from '../../friends';
import { ImportUsers } from '../../users';
import { fileNameOf, type Entity } from '../domain/records';
import type { DatasetMessage } from './records';
import {
  importContext,
  writeChats,
  writeFriendships,
  writeMessages,
  writeUsers,
  type ImportUseCases,
} from './import-writers';
import {
  CHECKPOINT_STORE,
  DATASET_FILES,
  OPEN_REJECTS,
  noProgress,
  type CheckpointStore,
  type DatasetFiles,
  type OpenRejects,
  type ProgressFactory,
} from './ports';
import { ChatBook, FriendshipBook, MessageBook, UserBook, type ChatEntry, type ReferenceCheck } from './reference-book';
import { checkpointKey, runStep, type StepContext, type StepReport } from './step-runner';

/** The files each entity's records refer to (their checkpoints depend on them). */
const REFERS_TO: Record<Entity, readonly Entity[]> = {
  users: [],
  friendships: ['users'],
  chats: ['users'],
  messages: ['users', 'chats'],
};

export interface ImportOptions {
  /** The dataset folder: users.jsonl, friendships.jsonl, chats.jsonl, messages.jsonl (any may be missing). */
  readonly dir: string;
  /** Where `<entity>.rejects.jsonl` files go. */
  readonly rejectsDir: string;
  readonly batchSize: number;
  /** Ignore checkpoints and start every file from its first line (still idempotent). */
  readonly restart?: boolean;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressFactory;
}

export interface ImportReport {
  readonly steps: readonly StepReport[];
  readonly traceId: string;
}

const SLICE = 5000;

/**
 * Imports a dataset into the owner stores through each module's import use case (so events and
 * projections follow), file by file in reference order: users, friendships, chats, messages.
 * References are checked against the dataset itself (and what the stores accepted of it). Chats
 * are written with their last seq and message, found by a read of the messages before.
 */
@injectable()
export class ImportDataset {
  private readonly useCases: ImportUseCases;

  constructor(
    @inject(ImportUsers) users: ImportUsers,
    @inject(ImportFriendships) friendships: ImportFriendships,
    @inject(ImportChats) chats: ImportChats,
    @inject(ImportMessages) messages: ImportMessages,
    @inject(DATASET_FILES) private readonly files: DatasetFiles,
    @inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @inject(OPEN_REJECTS) private readonly openRejects: OpenRejects,
  ) {
    this.useCases = { users, friendships, chats, messages };
  }

  async run(options: ImportOptions): Promise<ImportReport> {
    const ctx = importContext();
    const step: StepContext = {
      files: this.files,
      checkpoints: this.checkpoints,
      openRejects: this.openRejects,
      rejectsDir: options.rejectsDir,
      batchSize: options.batchSize,
      restart: options.restart ?? false,
      signal: options.signal,
      progress: options.progress ?? noProgress,
    };
    const file = (entity: Entity) => path.join(options.dir, fileNameOf(entity));
    const dependsOn = (entity: Entity) => REFERS_TO[entity].map(file);
    const done = async (entity: Entity): Promise<boolean> =>
      !step.restart && (await this.isDone(entity, file(entity), dependsOn(entity)));
    const [friendshipsDone, chatsDone, messagesDone] = await Promise.all([
      done('friendships'),
      done('chats'),
      done('messages'),
    ]);

    const userBook = new UserBook();
    const replayUsers = !(friendshipsDone && chatsDone && messagesDone);
    const users = await runStep(
      {
        entity: 'users',
        path: file('users'),
        check: userBook.check,
        write: writeUsers(this.useCases, ctx),
        replayDone: replayUsers,
        label: 'users',
      },
      step,
    );
    const knownUsers = replayUsers
      ? await this.inSlices(userBook.ids, (ids) => this.useCases.users.liveIds(ids))
      : new Set<string>();
    const friendships = await runStep(
      {
        entity: 'friendships',
        path: file('friendships'),
        check: new FriendshipBook(knownUsers).check,
        write: writeFriendships(this.useCases, ctx),
        dependsOn: dependsOn('friendships'),
        label: 'friendships',
      },
      step,
    );

    const chatBook = new ChatBook(knownUsers);
    let replyTargets = new Map<string, number>();
    const tails = new Map<string, DatasetMessage>();
    if (!messagesDone) {
      await runStep({ entity: 'chats', path: file('chats'), check: chatBook.check, label: 'chats (check)' }, step);
      replyTargets = await this.messageIds(file('messages'), chatBook.chats, knownUsers, step);
      if (!chatsDone)
        await this.findTails(file('messages'), new MessageBook(chatBook.chats, knownUsers, replyTargets), tails, step);
    }
    const chats = await runStep(
      {
        entity: 'chats',
        path: file('chats'),
        check: new ChatBook(knownUsers).check,
        write: writeChats(this.useCases, ctx, tails),
        dependsOn: dependsOn('chats'),
        label: 'chats',
      },
      step,
    );
    const stored = messagesDone
      ? new Set<string>()
      : await this.inSlices(new Set(chatBook.chats.keys()), (ids) => this.useCases.chats.existing(ids));
    const knownChats = new Map([...chatBook.chats].filter(([id]) => stored.has(id)));
    const messages = await runStep(
      {
        entity: 'messages',
        path: file('messages'),
        check: new MessageBook(knownChats, knownUsers, replyTargets).check,
        write: writeMessages(this.useCases, ctx),
        dependsOn: dependsOn('messages'),
        label: 'messages',
      },
      step,
    );
    return { steps: [users, friendships, chats, messages], traceId: ctx.traceId };
  }

  private async isDone(entity: Entity, filePath: string, dependsOn: readonly string[]): Promise<boolean> {
    if ((await this.files.size(filePath)) === undefined) return true;
    const checkpoint = await this.checkpoints.load(await checkpointKey(this.files, entity, filePath, dependsOn));
    return checkpoint?.done ?? false;
  }

  /** A first read of the messages: every id a reply may point at, with its chat. */
  private async messageIds(
    filePath: string,
    chats: ReadonlyMap<string, ChatEntry>,
    users: ReadonlySet<string>,
    step: StepContext,
  ): Promise<Map<string, number>> {
    const book = new MessageBook(chats, users);
    await runStep({ entity: 'messages', path: filePath, check: book.check, label: 'messages (ids)' }, step);
    return book.ids;
  }

  /** A second read: each chat's highest-seq message among those that will be imported. */
  private async findTails(
    filePath: string,
    book: MessageBook,
    tails: Map<string, DatasetMessage>,
    step: StepContext,
  ): Promise<void> {
    const check: ReferenceCheck<'messages'> = (message, line, raw) => {
      const reject = book.check(message, line, raw);
      const tail = tails.get(message.chatId);
      if (!reject && (!tail || tail.seq < message.seq)) tails.set(message.chatId, message);
      return reject;
    };
    await runStep({ entity: 'messages', path: filePath, check, label: 'messages (tails)' }, step);
  }

  private async inSlices(
    ids: ReadonlySet<string>,
    ask: (slice: string[]) => Promise<Set<string>>,
  ): Promise<Set<string>> {
    const all = [...ids];
    const found = new Set<string>();
    for (let i = 0; i < all.length; i += SLICE) for (const id of await ask(all.slice(i, i + SLICE))) found.add(id);
    return found;
  }
}

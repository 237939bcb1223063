import type { ChainableCommander, Redis } from 'ioredis';
import type { Model } from 'mongoose';
import { messageIdOf, type Message } from '../domain/message';
import type { MessageDoc } from './models';

/** The tail of a chat: its last seq and message, when it was last active, and senders' own last seqs. */
export interface ChatHead {
  readonly lastSeq: number;
  readonly lastMessage: { messageId: string; seq: number; senderId: string; preview: string; sentAt: string } | null;
  /** The highest seq each member sent (a sender has read everything up to their own message). */
  readonly sentBy: ReadonlyMap<string, number>;
  /**
   * The chat document's version, stamped by the writers of the chat and its members under the
   * chat's lock; absent while one writes. Processes cache the chat and member documents they read
   * and use them while the stamp still says their version (MongoChatStore.load).
   */
  readonly chatVersion?: number;
}

const PREVIEW_CHARS = 140;
const headKey = (chatId: string): string => `chat:${chatId}:head`;
const SENT_PREFIX = 'r:';
const VERSION_FIELD = 'v';
/** Sets the head's fields (ARGV[2..]) unless it already stands at seq ARGV[1] or later. */
const SET_IF_BEHIND = `local seq = redis.call('hget', KEYS[1], 'seq')
if seq == false or tonumber(seq) < tonumber(ARGV[1]) then redis.call('hset', KEYS[1], unpack(ARGV, 2)) end
return 1`;

/**
 * Chat heads in Redis: written in the same round trip as the rest of a send (under the chat's
 * lock), read without touching MongoDB. They are a cache of the messages collection: a missing head
 * is rebuilt by probing message ids by seq (`_id` reads only: O(log n)), because seqs are gapless
 * and every message id is derived from its seq (docs/decisions/0031).
 */
export class RedisChatHeads {
  constructor(
    private readonly redis: Redis,
    private readonly messages: Model<MessageDoc>,
  ) {}

  /** Adds "this message is the chat's new tail" to a pipeline the send already makes. */
  appended(pipeline: ChainableCommander, message: Message): void {
    pipeline.hset(headKey(message.chatId), {
      seq: message.seq,
      id: message.id,
      sender: message.senderId,
      preview: (message.body ?? '').slice(0, PREVIEW_CHARS),
      at: message.createdAt,
      [`${SENT_PREFIX}${message.senderId}`]: message.seq,
    });
  }

  /** The head as Redis has it, without rebuilding a missing one. */
  async peek(chatId: string): Promise<ChatHead | undefined> {
    return peeked(await this.redis.hgetall(headKey(chatId)));
  }

  /** `peek` as one command of a caller's pipeline; `peekedOf` reads its reply. */
  peekIn(pipeline: ChainableCommander, chatId: string): void {
    pipeline.hgetall(headKey(chatId));
  }

  peekedOf(reply: unknown): ChatHead | undefined {
    return peeked(reply as Record<string, string>);
  }

  /** The chat's documents are about to change (under its lock): nobody may trust a cached copy. */
  async unstamp(chatId: string): Promise<void> {
    await this.redis.hdel(headKey(chatId), VERSION_FIELD);
  }

  /** The chat document stands at `version` (under its lock, after its write or a fresh read). */
  async stamp(chatId: string, version: number): Promise<void> {
    await this.redis.hset(headKey(chatId), VERSION_FIELD, version);
  }

  /** The last message was deleted: its preview goes blank. */
  async cleared(chatId: string, messageId: string): Promise<void> {
    if ((await this.redis.hget(headKey(chatId), 'id')) === messageId) {
      await this.redis.hset(headKey(chatId), 'preview', '');
    }
  }

  /** The heads of `chats` (each with the seq its owner store knows it reached at least). */
  async of(chats: readonly { id: string; floor: number }[]): Promise<Map<string, ChatHead>> {
    const pipeline = this.redis.pipeline();
    for (const chat of chats) pipeline.hgetall(headKey(chat.id));
    const replies = (await pipeline.exec()) ?? [];
    const heads = new Map<string, ChatHead>();
    await Promise.all(
      chats.map(async (chat, index) => {
        const [error, raw] = replies[index] ?? [];
        if (error) throw error;
        const fields = (raw ?? {}) as Record<string, string>;
        heads.set(chat.id, fields['seq'] !== undefined ? parse(fields) : await this.rebuild(chat.id, chat.floor));
      }),
    );
    return heads;
  }

  async one(chatId: string, floor: number): Promise<ChatHead> {
    return (await this.of([{ id: chatId, floor }])).get(chatId) as ChatHead;
  }

  /**
   * Finds the last seq from `floor` up by `_id` reads (doubling, then bisecting), reads that
   * message and stores the head again. Senders' own seqs are not rebuilt (their read markers still
   * hold what they read).
   */
  async rebuild(chatId: string, floor: number, options: { underLock?: boolean } = {}): Promise<ChatHead> {
    const exists = async (seq: number): Promise<boolean> =>
      seq === 0 || (await this.messages.exists({ _id: messageIdOf(chatId, seq) })) !== null;
    // The floor is reached (an import sets it past any gap); above it, live sends leave no gaps.
    let low = Math.max(0, floor);
    let step = 1;
    let high = low + step;
    while (await exists(high)) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await exists(middle)) low = middle;
      else high = middle;
    }
    const doc = low > 0 ? await this.messages.findById(messageIdOf(chatId, low)).lean() : null;
    const fields: Record<string, string> = doc
      ? {
          seq: String(doc.seq),
          id: doc._id,
          sender: doc.senderId,
          preview: doc.deletedAt ? '' : (doc.body ?? '').slice(0, PREVIEW_CHARS),
          at: new Date(doc.createdAt).toISOString(),
        }
      : { seq: '0' };
    // Outside the chat's lock, only forwards: a send may have moved the head past it meanwhile.
    if (options.underLock) await this.redis.hset(headKey(chatId), fields);
    else await this.redis.eval(SET_IF_BEHIND, 1, headKey(chatId), String(low), ...Object.entries(fields).flat());
    return parse(await this.redis.hgetall(headKey(chatId)));
  }
}

const peeked = (fields: Record<string, string>): ChatHead | undefined =>
  fields['seq'] !== undefined ? parse(fields) : undefined;

function parse(fields: Record<string, string>): ChatHead {
  const sentBy = new Map<string, number>();
  for (const [field, value] of Object.entries(fields)) {
    if (field.startsWith(SENT_PREFIX)) sentBy.set(field.slice(SENT_PREFIX.length), Number(value));
  }
  const lastSeq = Number(fields['seq']);
  const version = fields[VERSION_FIELD];
  return {
    ...(version !== undefined ? { chatVersion: Number(version) } : {}),
    lastSeq,
    lastMessage:
      lastSeq > 0
        ? {
            messageId: fields['id'] ?? '',
            seq: lastSeq,
            senderId: fields['sender'] ?? '',
            preview: fields['preview'] ?? '',
            sentAt: fields['at'] ?? '',
          }
        : null,
    sentBy,
  };
}

import { rejectOf, type Reject } from '../domain/reject';
import type { Entity } from '../domain/records';
import type { DatasetChat, DatasetFriendship, DatasetMessage, DatasetUser, RecordOf } from './records';

/** Checks a valid record against the rest of the dataset: an error reject, or undefined when it fits. */
export type ReferenceCheck<E extends Entity> = (record: RecordOf[E], line: number, raw: string) => Reject | undefined;

/**
 * Duplicates within the users file: the first line with an id, username or email wins. Accepted
 * ids are kept (the users later files may refer to).
 */
export class UserBook {
  readonly ids = new Set<string>();
  private readonly usernames = new Set<string>();
  private readonly emails = new Set<string>();

  readonly check: ReferenceCheck<'users'> = (user: DatasetUser, line, raw) => {
    const dup = (field: string) =>
      rejectOf('users', line, raw, 'duplicate', `an earlier line has this ${field}`, { field, id: user.id });
    if (this.ids.has(user.id)) return dup('id');
    const username = user.username.toLowerCase();
    if (this.usernames.has(username)) return dup('username');
    if (this.emails.has(user.email)) return dup('email');
    this.ids.add(user.id);
    this.usernames.add(username);
    this.emails.add(user.email);
    return undefined;
  };
}

/** Friendships between known users, each pair once. */
export class FriendshipBook {
  private readonly pairs = new Set<string>();

  constructor(private readonly users: ReadonlySet<string>) {}

  readonly check: ReferenceCheck<'friendships'> = (pair: DatasetFriendship, line, raw) => {
    for (const field of ['userId', 'friendId'] as const) {
      if (!this.users.has(pair[field]))
        return rejectOf('friendships', line, raw, 'unknown_reference', `no such user: ${pair[field]}`, { field });
    }
    const key = [pair.userId, pair.friendId].sort().join(':');
    if (this.pairs.has(key))
      return rejectOf('friendships', line, raw, 'duplicate', 'an earlier line has this pair', { field: 'friendId' });
    this.pairs.add(key);
    return undefined;
  };
}

/** What the messages check needs to know of an accepted chat. */
export interface ChatEntry {
  readonly index: number;
  readonly members: ReadonlySet<string>;
}

/** Chats of known users, each id once, one direct chat per pair. Accepted chats are kept. */
export class ChatBook {
  readonly chats = new Map<string, ChatEntry>();
  private readonly directPairs = new Set<string>();

  constructor(private readonly users: ReadonlySet<string>) {}

  readonly check: ReferenceCheck<'chats'> = (chat: DatasetChat, line, raw) => {
    if (this.chats.has(chat.id))
      return rejectOf('chats', line, raw, 'duplicate', 'an earlier line has this id', { field: 'id', id: chat.id });
    const unknown = chat.members.findIndex((member) => !this.users.has(member.userId));
    if (unknown >= 0) {
      const userId = chat.members[unknown]?.userId ?? '';
      return rejectOf('chats', line, raw, 'unknown_reference', `no such user: ${userId}`, {
        field: `members.${unknown}.userId`,
        id: chat.id,
      });
    }
    if (chat.type === 'direct') {
      const key = chat.members
        .map((member) => member.userId)
        .sort()
        .join(':');
      if (this.directPairs.has(key))
        return rejectOf('chats', line, raw, 'duplicate', 'an earlier line has a direct chat of this pair', {
          field: 'members',
          id: chat.id,
        });
      this.directPairs.add(key);
    }
    this.chats.set(chat.id, { index: this.chats.size, members: new Set(chat.members.map((member) => member.userId)) });
    return undefined;
  };
}

/**
 * Messages of known chats by known users; each id, (chat, seq) and (chat, sender, clientMsgId)
 * once. `replyTargets` (message id -> chat index, from a first pass) lets replies be checked
 * whatever the order of the file; without it (that first pass) replies are not checked.
 */
export class MessageBook {
  /** Accepted message ids and the index of their chat. */
  readonly ids = new Map<string, number>();
  private readonly seqs = new Map<number, Set<number>>();
  private readonly clientIds = new Set<string>();

  constructor(
    private readonly chats: ReadonlyMap<string, ChatEntry>,
    private readonly users: ReadonlySet<string>,
    private readonly replyTargets?: ReadonlyMap<string, number>,
  ) {}

  readonly check: ReferenceCheck<'messages'> = (message: DatasetMessage, line, raw) => {
    const reject = (reason: 'duplicate' | 'unknown_reference', field: string, text: string) =>
      rejectOf('messages', line, raw, reason, text, { field, id: message.id });
    const chat = this.chats.get(message.chatId);
    if (!chat) return reject('unknown_reference', 'chatId', `no such chat: ${message.chatId}`);
    if (!this.users.has(message.senderId))
      return reject('unknown_reference', 'senderId', `no such user: ${message.senderId}`);
    const mention = message.mentions.findIndex((userId) => !chat.members.has(userId));
    if (mention >= 0) return reject('unknown_reference', `mentions.${mention}`, 'mentions only members of the chat');
    for (const [index, reaction] of message.reactions.entries()) {
      const who = reaction.userIds.findIndex((userId) => !this.users.has(userId));
      if (who >= 0) return reject('unknown_reference', `reactions.${index}.userIds.${who}`, 'no such user');
    }
    if (this.replyTargets && message.replyTo !== null && this.replyTargets.get(message.replyTo) !== chat.index)
      return reject('unknown_reference', 'replyTo', 'replyTo must be a message of the same chat');
    if (this.ids.has(message.id)) return reject('duplicate', 'id', 'an earlier line has this id');
    const seqs = this.seqs.get(chat.index) ?? new Set<number>();
    if (seqs.has(message.seq)) return reject('duplicate', 'seq', 'an earlier line has this seq in this chat');
    const clientKey = `${chat.index}:${message.senderId}:${message.clientMsgId}`;
    if (this.clientIds.has(clientKey))
      return reject('duplicate', 'clientMsgId', 'an earlier line of this sender in this chat has this clientMsgId');
    seqs.add(message.seq);
    this.seqs.set(chat.index, seqs);
    this.clientIds.add(clientKey);
    this.ids.set(message.id, chat.index);
    return undefined;
  };
}

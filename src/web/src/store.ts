import { Cell } from './hooks';
import type { Chat, Message, PresenceStatus, Reaction, UserSummary } from './types';

/** One chat's loaded history: messages by id (so a repeated frame changes nothing), and paging. */
export interface History {
  readonly byId: ReadonlyMap<string, Message>;
  /** The oldest seq loaded; null once the first message is loaded (nothing earlier). */
  readonly before: number | null;
  readonly loaded: boolean;
}

export interface Typist {
  readonly userId: string;
  readonly until: number;
}

const EMPTY_HISTORY: History = { byId: new Map(), before: null, loaded: false };

/**
 * What the screens show, kept current by REST loads and live frames: chats, their histories,
 * who is typing, presence, user names, the read markers of other members. Every update replaces
 * the value, so readers re-render.
 */
export class ChatState {
  readonly chats = new Cell<ReadonlyMap<string, Chat>>(new Map());
  readonly histories = new Cell<ReadonlyMap<string, History>>(new Map());
  readonly typing = new Cell<ReadonlyMap<string, readonly Typist[]>>(new Map());
  readonly presence = new Cell<ReadonlyMap<string, PresenceStatus>>(new Map());
  readonly users = new Cell<ReadonlyMap<string, UserSummary>>(new Map());
  /** The chat on screen: its new messages count as read. */
  readonly openChatId = new Cell<string | null>(null);

  constructor(readonly meId: string) {}

  setChats(chats: readonly Chat[]): void {
    this.chats.set(new Map(chats.map((chat) => [chat.id, chat])));
  }

  upsertChat(chat: Chat): void {
    this.chats.update((chats) => new Map(chats).set(chat.id, chat));
  }

  removeChat(chatId: string): void {
    this.chats.update((chats) => {
      const next = new Map(chats);
      next.delete(chatId);
      return next;
    });
  }

  history(chatId: string): History {
    return this.histories.get().get(chatId) ?? EMPTY_HISTORY;
  }

  /** Adds or replaces messages (by id); `before` moves when an older page came in. */
  putMessages(chatId: string, messages: readonly Message[], page?: { before: number | null }): void {
    const current = this.history(chatId);
    const byId = new Map(current.byId);
    for (const message of messages) byId.set(message.id, message);
    const next: History = {
      byId,
      before: page ? page.before : current.before,
      loaded: current.loaded || page !== undefined,
    };
    this.histories.update((all) => new Map(all).set(chatId, next));
  }

  /** A live or caught-up message: stored once, and the chat list's last message and unread count follow. */
  receive(message: Message): void {
    const known = this.history(message.chatId).byId.has(message.id);
    this.putMessages(message.chatId, [message]);
    this.clearTypist(message.chatId, message.senderId);
    const chat = this.chats.get().get(message.chatId);
    if (!chat || known || message.seq <= chat.lastSeq) return;
    const mine = message.senderId === this.meId;
    const open = this.openChatId.get() === message.chatId;
    this.upsertChat({
      ...chat,
      lastSeq: message.seq,
      lastActivityAt: message.createdAt,
      lastMessage: {
        messageId: message.id,
        seq: message.seq,
        senderId: message.senderId,
        preview: message.body ?? '',
        sentAt: message.createdAt,
      },
      unreadCount: mine || open ? chat.unreadCount : chat.unreadCount + 1,
    });
  }

  setReactions(chatId: string, messageId: string, reactions: readonly Reaction[]): void {
    const message = this.history(chatId).byId.get(messageId);
    if (message) this.putMessages(chatId, [{ ...message, reactions: [...reactions] }]);
  }

  /** A member's read marker moved (ours clears the unread count). */
  setReadMarker(chatId: string, userId: string, seq: number): void {
    const chat = this.chats.get().get(chatId);
    if (!chat) return;
    const members = chat.members.map((m) =>
      m.userId === userId && m.lastReadSeq < seq ? { ...m, lastReadSeq: seq } : m,
    );
    const unreadCount = userId === this.meId ? Math.max(0, chat.lastSeq - seq) : chat.unreadCount;
    this.upsertChat({ ...chat, members, unreadCount });
  }

  setTyping(chatId: string, userId: string, state: 'start' | 'stop', expiresInMs = 6000): void {
    if (state === 'stop') {
      this.clearTypist(chatId, userId);
      return;
    }
    const others = (this.typing.get().get(chatId) ?? []).filter((t) => t.userId !== userId);
    const until = Date.now() + expiresInMs;
    this.typing.update((all) => new Map(all).set(chatId, [...others, { userId, until }]));
    // The server sends the stop itself; this only covers a stop that never arrives.
    setTimeout(() => {
      const typist = this.typing
        .get()
        .get(chatId)
        ?.find((t) => t.userId === userId);
      if (typist && typist.until <= Date.now()) this.clearTypist(chatId, userId);
    }, expiresInMs + 100);
  }

  private clearTypist(chatId: string, userId: string): void {
    const typists = this.typing.get().get(chatId);
    if (!typists?.some((t) => t.userId === userId)) return;
    this.typing.update((all) =>
      new Map(all).set(
        chatId,
        typists.filter((t) => t.userId !== userId),
      ),
    );
  }

  setPresence(entries: readonly { userId: string; status: PresenceStatus }[]): void {
    this.presence.update((all) => {
      const next = new Map(all);
      for (const { userId, status } of entries) next.set(userId, status);
      return next;
    });
  }

  rememberUsers(users: readonly UserSummary[]): void {
    if (users.length === 0) return;
    this.users.update((all) => {
      const next = new Map(all);
      for (const user of users) next.set(user.id, user);
      return next;
    });
  }
}

/** Messages in seq order. */
export function ordered(history: History): Message[] {
  return [...history.byId.values()].sort((a, b) => a.seq - b.seq);
}

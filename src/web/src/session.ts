import {
  createPolychatClient,
  PolychatApiError,
  unwrap,
  type PolychatClient,
  type PolychatSocket,
  type Tokens,
} from '../../sdk';
import { Cell } from './hooks';
import { connectLive, type Connection } from './live';
import { ChatState } from './store';
import type { Chat, Message, User } from './types';

const STORAGE_KEY = 'polychat.tokens';
const PAGE = 30;

type Credentials =
  | { kind: 'login'; username: string; password: string }
  | { kind: 'register'; username: string; email: string; password: string; displayName?: string };

/**
 * A signed-in user: the SDK's REST client and live socket, and the state the screens read. Tokens
 * live in localStorage so a reload keeps the session; the SDK refreshes them and says when.
 */
export class Session {
  readonly state: ChatState;
  readonly connection = new Cell<Connection>('connecting');
  /** Notifications that arrived live since the session started (the screen reloads on each). */
  readonly notifications = new Cell(0);
  readonly rest: PolychatClient['rest'];
  private socket: PolychatSocket | undefined;

  constructor(
    readonly me: User,
    private readonly client: PolychatClient,
  ) {
    this.state = new ChatState(me.id);
    this.rest = client.rest;
  }

  /** Loads the chat list and opens the live connection (which catches up from each chat's last seq). */
  async start(): Promise<void> {
    const page = await unwrap(this.rest.GET('/v1/chats', { params: { query: { limit: 100 } } }));
    this.state.setChats(page.items);
    this.state.rememberUsers([{ id: this.me.id, username: this.me.username, displayName: this.me.displayName }]);
    void this.loadNames(page.items);
    this.socket = connectLive(this, this.client);
  }

  /** Names and presence of the chats' members we do not know yet. */
  async loadNames(chats: readonly Chat[]): Promise<void> {
    const known = this.state.users.get();
    const ids = [...new Set(chats.flatMap((chat) => chat.members.map((m) => m.userId)))].filter((id) => !known.has(id));
    const users = await Promise.all(
      ids
        .slice(0, 100)
        .map((id) => unwrap(this.rest.GET('/v1/users/{id}', { params: { path: { id } } })).catch(() => undefined)),
    );
    this.state.rememberUsers(users.filter((user) => user !== undefined));
    await this.refreshPresence(ids);
  }

  async refreshPresence(userIds: readonly string[]): Promise<void> {
    const ids = userIds.filter((id) => id !== this.me.id).slice(0, 100);
    if (ids.length === 0) return;
    const answer = await unwrap(this.rest.GET('/v1/presence', { params: { query: { userIds: ids.join(',') } } }));
    this.state.setPresence(answer.presence);
  }

  /** Opens a chat: its members' names and, the first time, its latest page of history. */
  async openChat(chatId: string): Promise<void> {
    this.state.openChatId.set(chatId);
    const chat = await unwrap(this.rest.GET('/v1/chats/{id}', { params: { path: { id: chatId } } }));
    this.state.upsertChat({ ...(this.state.chats.get().get(chatId) ?? chat), members: chat.members });
    this.state.rememberUsers(
      chat.members.flatMap((m) =>
        m.username ? [{ id: m.userId, username: m.username, displayName: m.displayName ?? m.username }] : [],
      ),
    );
    void this.refreshPresence(chat.members.map((m) => m.userId));
    if (!this.state.history(chatId).loaded) await this.loadPage(chatId);
  }

  /** The page of history before the oldest loaded message (the latest page at first). */
  async loadEarlier(chatId: string): Promise<void> {
    await this.loadPage(chatId);
  }

  private async loadPage(chatId: string): Promise<void> {
    const { before, loaded } = this.state.history(chatId);
    if (loaded && before === null) return;
    const query = loaded && before !== null ? { before, limit: PAGE } : { limit: PAGE };
    const page = await unwrap(this.rest.GET('/v1/chats/{id}/messages', { params: { path: { id: chatId }, query } }));
    this.state.putMessages(chatId, page.items, { before: page.nextCursor });
  }

  async markRead(chatId: string, seq: number): Promise<void> {
    const chat = this.state.chats.get().get(chatId);
    const mine = chat?.members.find((m) => m.userId === this.me.id);
    if (!chat || (mine && mine.lastReadSeq >= seq && chat.unreadCount === 0)) return;
    this.state.setReadMarker(chatId, this.me.id, seq);
    await unwrap(this.rest.POST('/v1/chats/{id}/read', { params: { path: { id: chatId } }, body: { seq } })).catch(
      () => undefined,
    );
  }

  /** Sends over the socket: a send cut by a disconnect is retried after the reconnect, same clientMsgId. */
  async sendMessage(chatId: string, body: string, replyTo?: string): Promise<void> {
    if (!this.socket) throw new Error('not connected');
    const { message } = await this.socket.sendMessage(chatId, body, replyTo ? { replyTo } : {});
    this.state.receive(message);
  }

  async editMessage(message: Message, body: string): Promise<void> {
    const path = { id: message.chatId, messageId: message.id };
    this.state.putMessages(message.chatId, [
      await unwrap(this.rest.PATCH('/v1/chats/{id}/messages/{messageId}', { params: { path }, body: { body } })),
    ]);
  }

  async deleteMessage(message: Message): Promise<void> {
    const path = { id: message.chatId, messageId: message.id };
    await unwrap(this.rest.DELETE('/v1/chats/{id}/messages/{messageId}', { params: { path } }));
  }

  async react(message: Message, emoji: string, on: boolean): Promise<void> {
    const path = { id: message.chatId, messageId: message.id, emoji };
    const route = '/v1/chats/{id}/messages/{messageId}/reactions/{emoji}' as const;
    const updated = await unwrap(
      on ? this.rest.PUT(route, { params: { path } }) : this.rest.DELETE(route, { params: { path } }),
    );
    this.state.putMessages(message.chatId, [updated]);
  }

  async typing(chatId: string, state: 'start' | 'stop'): Promise<void> {
    if (this.socket?.state !== 'open') return;
    await this.socket.request('typing', { chatId, state }).catch(() => undefined);
  }

  async createGroup(title: string, memberIds: readonly string[] = []): Promise<Chat> {
    const chat = await unwrap(
      this.rest.POST('/v1/chats', { body: { type: 'group', title, memberIds: [...memberIds] } }),
    );
    this.state.upsertChat(chat);
    return chat;
  }

  /** The one direct chat with a user (created the first time). */
  async directChat(userId: string): Promise<Chat> {
    const chat = await unwrap(this.rest.POST('/v1/chats', { body: { type: 'direct', userId } }));
    if (!this.state.chats.get().has(chat.id)) this.state.upsertChat(chat);
    return chat;
  }

  /** Stops the live connection; with `logout`, also ends the session on the server and forgets it. */
  async close(options: { logout?: boolean } = {}): Promise<void> {
    await this.socket?.close();
    if (options.logout) await this.client.logout().catch(() => undefined);
  }
}

/** Signs in (or registers), then starts the session. */
export async function openSession(credentials: Credentials): Promise<Session> {
  const client = persisted(createPolychatClient({ baseUrl: location.origin }));
  const { kind, ...body } = credentials;
  const answer =
    kind === 'login'
      ? await client.login({ username: credentials.username, password: credentials.password })
      : await client.register(body as Omit<Extract<Credentials, { kind: 'register' }>, 'kind'>);
  return started(new Session(answer.user, client));
}

/** The session kept in localStorage, if its tokens still work; null otherwise. */
export async function restoreSession(): Promise<Session | null> {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (!saved) return null;
  const client = persisted(createPolychatClient({ baseUrl: location.origin, tokens: JSON.parse(saved) as Tokens }));
  try {
    const me = await unwrap(client.rest.GET('/v1/users/me'));
    return await started(new Session(me, client));
  } catch {
    localStorage.removeItem(STORAGE_KEY);
    return null;
  }
}

/** Keeps the client's tokens in localStorage as the SDK changes them (login, refresh, sign-out). */
function persisted(client: PolychatClient): PolychatClient {
  client.session.onChange((tokens) => {
    if (tokens) localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else localStorage.removeItem(STORAGE_KEY);
  });
  return client;
}

async function started(session: Session): Promise<Session> {
  await session.start();
  return session;
}

/** A user's display name, once known (their username or a short id until then). */
export function nameOf(session: Session, userId: string): string {
  if (userId === session.me.id) return 'You';
  const user = session.state.users.get().get(userId);
  return user ? user.displayName : userId.slice(0, 8);
}

/** A group's title, or the other member's name in a direct chat. */
export function chatTitle(session: Session, chat: Chat): string {
  if (chat.type === 'group') return chat.title ?? 'Group';
  const other = chat.members.find((m) => m.userId !== session.me.id);
  return other ? nameOf(session, other.userId) : 'Direct chat';
}

/** What to tell the user about a failure: the API's message and the field at fault. */
export function errorText(failure: unknown): string {
  if (failure instanceof PolychatApiError)
    return failure.field ? `${failure.message} (${failure.field})` : failure.message;
  return failure instanceof Error ? failure.message : String(failure);
}
